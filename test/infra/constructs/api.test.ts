import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_ACCESS_LOG_FIELDS, CONSOLE_ROUTE_KEYS, CONSOLE_ROUTE_THROTTLE, PUBLIC_ROUTE_THROTTLES, RESPONDER_ROUTE_KEYS, SUBSCRIBE_ROUTE_KEY } from '../../../infra/constructs/api';
import { synthHerald, type SynthesizedHerald } from '../support/synth-herald';

const STAGE = 'AWS::ApiGatewayV2::Stage';
const PUBLIC_ROUTE_KEYS = ['GET /v1/health', 'POST /v1/subscriptions', 'ANY /v1/subscriptions/{proxy+}', 'GET /v1/openapi.json'];

describe('HeraldApi', () => {
  let herald: SynthesizedHerald;
  let routeSettings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }>;
  beforeAll(() => {
    herald = synthHerald();
    const [stage] = Object.values(herald.template.findResources(STAGE)) as { Properties: { RouteSettings: typeof routeSettings } }[];
    routeSettings = stage!.Properties.RouteSettings;
  });
  afterAll(() => {
    herald?.dispose();
  });

  it('is an HTTP API', () => {
    herald.template.hasResourceProperties('AWS::ApiGatewayV2::Api', { ProtocolType: 'HTTP' });
  });

  it('proxies to the API function with the v2 payload', () => {
    herald.template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
      IntegrationUri: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ApiHandler'), 'Arn'] },
    });
  });

  it('routes only paths under /v1 and the console', () => {
    const keys = Object.values(herald.template.findResources('AWS::ApiGatewayV2::Route')).map(
      (route) => (route as { Properties: { RouteKey: string } }).Properties.RouteKey,
    );
    expect(keys.sort()).toEqual([...RESPONDER_ROUTE_KEYS, ...CONSOLE_ROUTE_KEYS, ...PUBLIC_ROUTE_KEYS].sort());
  });

  it('throttles the console on its own', () => {
    for (const key of CONSOLE_ROUTE_KEYS) {
      expect(routeSettings[key]).toEqual({ ThrottlingRateLimit: CONSOLE_ROUTE_THROTTLE.rateLimit, ThrottlingBurstLimit: CONSOLE_ROUTE_THROTTLE.burstLimit });
    }
  });

  it('gives each public route its own route', () => {
    for (const routeKey of PUBLIC_ROUTE_KEYS) {
      herald.template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: routeKey });
    }
  });

  it('throttles each public route on its own, more tightly than the responders\' routes', () => {
    for (const routeKey of PUBLIC_ROUTE_KEYS) {
      const settings = routeSettings[routeKey];
      expect(settings, routeKey).toBeDefined();
      expect(settings!.ThrottlingRateLimit, routeKey).toBeLessThan(50);
      expect(settings!.ThrottlingBurstLimit, routeKey).toBeLessThan(100);
    }
  });

  it('throttles the subscribe route at 5 rps, burst 10', () => {
    expect(routeSettings[SUBSCRIBE_ROUTE_KEY]).toEqual({ ThrottlingRateLimit: 5, ThrottlingBurstLimit: 10 });
  });

  it('gives the responders\' routes route-level throttles of their own, apart from every public route', () => {
    for (const routeKey of RESPONDER_ROUTE_KEYS) {
      expect(routeSettings[routeKey], routeKey).toEqual({ ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 });
    }
    // A public path never falls into a responders' route (whose bucket a flood would drain).
    expect(Object.keys(PUBLIC_ROUTE_THROTTLES).filter((key) => (RESPONDER_ROUTE_KEYS as readonly string[]).includes(key))).toEqual([]);
  });

  it('keeps a default throttle for the stage', () => {
    herald.template.hasResourceProperties(STAGE, {
      StageName: '$default',
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
    });
  });

  it('creates every throttled route before the stage that names it', () => {
    const [stage] = Object.values(herald.template.findResources(STAGE)) as { DependsOn: string[] }[];
    const routes = Object.keys(herald.template.findResources('AWS::ApiGatewayV2::Route'));
    expect(routes).toHaveLength(Object.keys(routeSettings).length);
    expect(stage!.DependsOn).toEqual(expect.arrayContaining(routes));
  });

  it('keeps the logical ids of the routes that existed before (a replaced route would clash with its own key)', () => {
    const ids = Object.keys(herald.template.findResources('AWS::ApiGatewayV2::Route'));
    expect(ids).toEqual(expect.arrayContaining([
      expect.stringMatching(/^ApiHttpApiANYv1[0-9A-F]{8}$/),
      expect.stringMatching(/^ApiHttpApiANYv1proxy[0-9A-F]{8}$/),
      expect.stringMatching(/^ApiSubscribeRoute[0-9A-F]{8}$/),
    ]));
  });

  it('writes JSON access logs with the client address and route', () => {
    herald.template.hasResourceProperties(STAGE, {
      AccessLogSettings: {
        DestinationArn: Match.anyValue(),
        Format: Match.serializedJson(Match.objectLike({ ip: '$context.identity.sourceIp', routeKey: '$context.routeKey' })),
      },
    });
  });

  it('logs the path without its query string, and nothing else that can hold a token', () => {
    herald.template.hasResourceProperties(STAGE, {
      AccessLogSettings: { Format: Match.serializedJson(API_ACCESS_LOG_FIELDS) },
    });
    // $context.path is the path alone; no variable that carries the query string, the full URI or a header.
    const variables = Object.values(API_ACCESS_LOG_FIELDS);
    expect(variables).toContain('$context.path');
    expect(variables.filter((variable) => /query|uri|referer|header|cookie/i.test(variable))).toEqual([]);
  });

  it('tells the API function where the origin-verify secret is', () => {
    herald.template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({ HERALD_ORIGIN_VERIFY_SECRET_ARN: { Ref: Match.stringLikeRegexp('^OriginVerifySecret') } }),
      },
    });
  });

  it('lets the API function read that secret, and only read it', () => {
    herald.template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^ApiHandlerServiceRole') }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          { Action: 'secretsmanager:GetSecretValue', Effect: 'Allow', Resource: { Ref: Match.stringLikeRegexp('^OriginVerifySecret') } },
        ]),
      },
    });
  });
});
