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
import { bindOriginVerifySecret, bindTable, bindTokenSecret } from './bindings';
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
  /** The secret CloudFront sends as x-herald-origin-verify (read access and its ARN for the app). */
  originVerifySecret: ISecret;
  /** Variables from herald.config.json (MAIL_FROM, SES_CONFIGURATION_SET …). */
  environment: Record<string, string>;
  /** The responders' routes (everything under /v1 that is not public), each. @default 50 rps, burst 100 */
  throttle?: Throttle;
  /** Per public route; missing ones keep PUBLIC_ROUTE_THROTTLES. */
  publicThrottles?: Partial<Record<PublicRouteKey, Throttle>>;
}

/**
 * The routes the contract marks public, each its own API Gateway route with its own route-level
 * throttle, so that anonymous traffic on one of them (a flood of health checks) exhausts only
 * that route's token bucket and never the responders' routes. The app still limits subscriptions
 * per client address; AWS WAF on the distribution limits anonymous callers per IP.
 */
export const PUBLIC_ROUTE_THROTTLES = {
  'GET /v1/health': { rateLimit: 10, burstLimit: 20 },
  'GET /v1/openapi.json': { rateLimit: 5, burstLimit: 10 },
  'POST /v1/subscriptions': { rateLimit: 5, burstLimit: 10 },
  // Confirm and unsubscribe pages, the one-click unsubscribe POST (RFC 8058), manage links.
  'ANY /v1/subscriptions/{proxy+}': { rateLimit: 10, burstLimit: 20 },
} as const satisfies Record<string, Throttle>;
export type PublicRouteKey = keyof typeof PUBLIC_ROUTE_THROTTLES;

/** The responders' routes: every other path under /v1 (Bearer API keys, checked by the app). */
export const RESPONDER_ROUTE_KEYS = ['ANY /v1', 'ANY /v1/{proxy+}'] as const;

/** The responder console (server-rendered screens, sign-in by mailed link): its own routes and
 *  throttle, so a flood of sign-in requests cannot use up the responders' /v1 budget. */
export const CONSOLE_ROUTE_KEYS = ['ANY /console', 'ANY /console/{proxy+}'] as const;
export const CONSOLE_ROUTE_THROTTLE: Throttle = { rateLimit: 20, burstLimit: 40 };

/** The public subscribe form's route (kept for existing callers). */
export const SUBSCRIBE_ROUTE_KEY = 'POST /v1/subscriptions';

/**
 * The access log's fields. Only query-free variables: `$context.path` is the path without the
 * query string (HTTP APIs have no variable for the query), so subscription tokens
 * (`/v1/subscriptions/confirm?token=…`) never reach the log; no Referer, which can carry them too.
 */
export const API_ACCESS_LOG_FIELDS = {
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
} as const;

/**
 * The responder API: one Lambda function (the Hono app) behind an HTTP API, routes limited to
 * `/v1`, every route throttled on its own (public routes apart from the responders'), with JSON
 * access logs that hold no query strings. CloudFront serves it at the page's own origin
 * (`/v1/*`), so the subscribe form posts same-origin.
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
    const publicThrottles: Record<PublicRouteKey, Throttle> = { ...PUBLIC_ROUTE_THROTTLES, ...props.publicThrottles };

    this.handler = new HeraldFunction(this, 'Handler', {
      handler: 'api',
      description: 'Herald responder API (/v1)',
      memorySize: 512,
      timeout: Duration.seconds(10),
      environment: props.environment,
    });
    bindTable({ fn: this.handler, table: props.table, access: 'rw' });
    bindTokenSecret({ fn: this.handler, secret: props.tokenSecret });
    bindOriginVerifySecret({ fn: this.handler, secret: props.originVerifySecret });

    this.httpApi = new HttpApi(this, 'HttpApi', {
      apiName: `${Stack.of(this).stackName}-api`,
      description: 'Herald responder API',
      createDefaultStage: false,
    });
    const integration = new HttpLambdaIntegration('Lambda', this.handler, {
      timeout: Duration.seconds(10),
    });
    // The responders' routes and the subscribe route keep the construct ids they always had (a new
    // logical id would replace a route, and its replacement would clash with its own route key).
    const routes = [
      ...this.httpApi.addRoutes({ path: '/v1', methods: [HttpMethod.ANY], integration }),
      ...this.httpApi.addRoutes({ path: '/v1/{proxy+}', methods: [HttpMethod.ANY], integration }),
      ...this.httpApi.addRoutes({ path: '/console', methods: [HttpMethod.ANY], integration }),
      ...this.httpApi.addRoutes({ path: '/console/{proxy+}', methods: [HttpMethod.ANY], integration }),
      ...(Object.keys(publicThrottles) as PublicRouteKey[]).map((routeKey) => {
        const [method, path] = routeKey.split(' ') as [HttpMethod, string];
        return new HttpRoute(this, routeKey === SUBSCRIBE_ROUTE_KEY ? 'SubscribeRoute' : routeId(routeKey), {
          httpApi: this.httpApi,
          routeKey: HttpRouteKey.with(path, method),
          integration,
        });
      }),
    ];
    for (const route of routes) {
      Validations.of(route).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason:
          'Authorization is done in the function (Bearer API keys, hashed in the table); the routes the ' +
          'contract marks public (health, subscribe, confirm, unsubscribe) must stay open; the console signs people ' +
          'in with mailed one-time links and server-side sessions.',
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
        format: AccessLogFormat.custom(JSON.stringify(API_ACCESS_LOG_FIELDS)),
      },
    });
    // Every route gets route-level settings: a route's throttle is its own token bucket, so the
    // public routes' traffic is never counted against the responders' routes.
    const throttleOf = ({ rateLimit, burstLimit }: Throttle) => ({
      ThrottlingRateLimit: rateLimit,
      ThrottlingBurstLimit: burstLimit,
    });
    const cfnStage = this.stage.node.defaultChild as CfnStage;
    cfnStage.routeSettings = Object.fromEntries([
      ...RESPONDER_ROUTE_KEYS.map((key) => [key, throttleOf(throttle)]),
      ...CONSOLE_ROUTE_KEYS.map((key) => [key, throttleOf(CONSOLE_ROUTE_THROTTLE)]),
      ...Object.entries(publicThrottles).map(([key, value]) => [key, throttleOf(value)]),
    ]);
    // Route settings name route keys, which must exist before the stage refers to them.
    for (const route of routes) this.stage.node.addDependency(route);

    this.originDomainName = Fn.select(2, Fn.split('/', this.httpApi.apiEndpoint));
  }
}

/** `ANY /v1/subscriptions/{proxy+}` → `AnyV1SubscriptionsProxyRoute`: a stable construct id per route. */
function routeId(routeKey: string): string {
  const words = routeKey.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  return `${words.map((word) => word[0]!.toUpperCase() + word.slice(1)).join('')}Route`;
}
