import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { SUBSCRIBE_ROUTE_KEY } from '../../../infra/constructs/api';
import { synthHerald, type SynthesizedHerald } from '../support/synth-herald';

const STAGE = 'AWS::ApiGatewayV2::Stage';

describe('HeraldApi', () => {
  let herald: SynthesizedHerald;
  beforeAll(() => {
    herald = synthHerald();
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

  it('routes every method under /v1 and nothing else', () => {
    herald.template.resourcePropertiesCountIs(
      'AWS::ApiGatewayV2::Route',
      { RouteKey: Match.stringLikeRegexp('^(ANY /v1|ANY /v1/\\{proxy\\+\\}|POST /v1/subscriptions)$') },
      3,
    );
  });

  it('gives the public subscribe form its own route', () => {
    herald.template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: SUBSCRIBE_ROUTE_KEY });
  });

  it('throttles every route of the stage', () => {
    herald.template.hasResourceProperties(STAGE, {
      StageName: '$default',
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
    });
  });

  it('throttles the subscribe route more tightly', () => {
    herald.template.hasResourceProperties(STAGE, {
      RouteSettings: { [SUBSCRIBE_ROUTE_KEY]: { ThrottlingRateLimit: 5, ThrottlingBurstLimit: 10 } },
    });
  });

  it('creates the subscribe route before the stage that throttles it', () => {
    herald.template.hasResource(STAGE, {
      DependsOn: Match.arrayWith([Match.stringLikeRegexp('^ApiSubscribeRoute')]),
    });
  });

  it('writes JSON access logs with the client address and route', () => {
    herald.template.hasResourceProperties(STAGE, {
      AccessLogSettings: {
        DestinationArn: Match.anyValue(),
        Format: Match.serializedJson(Match.objectLike({ ip: '$context.identity.sourceIp', routeKey: '$context.routeKey' })),
      },
    });
  });
});
