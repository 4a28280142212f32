import { Duration, Fn, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  HttpApi,
  HttpMethod,
  HttpRoute,
  HttpRouteKey,
  HttpStage,
  LogGroupLogDestination,
  type CfnStage,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { bindTable, bindTokenSecret } from './bindings';
import { HeraldFunction } from './herald-function';

export interface Throttle {
  /** Steady-state requests per second. */
  rateLimit: number;
  /** Requests allowed in a burst. */
  burstLimit: number;
}

export interface HeraldApiProps {
  table: ITableV2;
  tokenSecret: ISecret;
  /** Variables from herald.config.json (MAIL_FROM, SES_CONFIGURATION_SET …). */
  environment: Record<string, string>;
  /** Every route. @default 50 rps, burst 100 */
  throttle?: Throttle;
  /** Public subscribe form, per stage (the app also limits per client address). @default 5 rps, burst 10 */
  subscribeThrottle?: Throttle;
}

/** The routes a stage throttles more tightly than the default (public, unauthenticated writes). */
export const SUBSCRIBE_ROUTE_KEY = 'POST /v1/subscriptions';

/**
 * The responder API: one Lambda function (the Hono app) behind an HTTP API, routes limited to
 * `/v1`, throttled per stage and per route, with JSON access logs. CloudFront serves it at the
 * page's own origin (`/v1/*`), so the subscribe form posts same-origin.
 */
export class HeraldApi extends Construct {
  readonly handler: HeraldFunction;
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  /** The execute-api host name, for CloudFront's origin. */
  readonly originDomainName: string;

  constructor(scope: Construct, id: string, props: HeraldApiProps) {
    super(scope, id);
    const throttle = props.throttle ?? { rateLimit: 50, burstLimit: 100 };
    const subscribeThrottle = props.subscribeThrottle ?? { rateLimit: 5, burstLimit: 10 };

    this.handler = new HeraldFunction(this, 'Handler', {
      handler: 'api',
      description: 'Herald responder API (/v1)',
      memorySize: 512,
      timeout: Duration.seconds(10),
      environment: props.environment,
    });
    bindTable({ fn: this.handler, table: props.table, access: 'rw' });
    bindTokenSecret({ fn: this.handler, secret: props.tokenSecret });

    this.httpApi = new HttpApi(this, 'HttpApi', {
      apiName: `${Stack.of(this).stackName}-api`,
      description: 'Herald responder API',
      createDefaultStage: false,
    });
    const integration = new HttpLambdaIntegration('Lambda', this.handler, {
      timeout: Duration.seconds(10),
    });
    const routes = [
      ...this.httpApi.addRoutes({ path: '/v1', methods: [HttpMethod.ANY], integration }),
      ...this.httpApi.addRoutes({ path: '/v1/{proxy+}', methods: [HttpMethod.ANY], integration }),
    ];
    // Its own route so that the stage can throttle it on its own.
    const subscribe = new HttpRoute(this, 'SubscribeRoute', {
      httpApi: this.httpApi,
      routeKey: HttpRouteKey.with('/v1/subscriptions', HttpMethod.POST),
      integration,
    });
    for (const route of [...routes, subscribe]) {
      Validations.of(route).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason:
          'Authorization is done in the function (Bearer API keys, hashed in the table); the routes the ' +
          'contract marks public (health, subscribe, confirm, unsubscribe) must stay open.',
      });
    }

    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stage = new HttpStage(this, 'Stage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            ip: '$context.identity.sourceIp',
            requestTime: '$context.requestTime',
            method: '$context.httpMethod',
            routeKey: '$context.routeKey',
            path: '$context.path',
            status: '$context.status',
            responseLength: '$context.responseLength',
            latencyMs: '$context.responseLatency',
            integrationError: '$context.integrationErrorMessage',
            userAgent: '$context.identity.userAgent',
          }),
        ),
      },
    });
    const cfnStage = this.stage.node.defaultChild as CfnStage;
    cfnStage.routeSettings = {
      [SUBSCRIBE_ROUTE_KEY]: {
        ThrottlingRateLimit: subscribeThrottle.rateLimit,
        ThrottlingBurstLimit: subscribeThrottle.burstLimit,
      },
    };
    // Route settings name a route key, which must exist before the stage refers to it.
    this.stage.node.addDependency(subscribe);

    this.originDomainName = Fn.select(2, Fn.split('/', this.httpApi.apiEndpoint));
  }
}
