import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORIGIN_VERIFY_HEADER } from '../../../infra/constructs/origin-verify-secret';
import { synthHerald, type SynthesizedHerald } from '../support/synth-herald';

const ROTATION = 'Custom::HeraldOriginVerifyRotation';

function rotationIdOf(herald: SynthesizedHerald): string {
  const [rotation] = Object.values(herald.template.findResources(ROTATION)) as { Properties: { RotationId: string } }[];
  return rotation!.Properties.RotationId;
}

describe('OriginVerifySecret', () => {
  let herald: SynthesizedHerald;
  let again: SynthesizedHerald;
  beforeAll(() => {
    herald = synthHerald();
    again = synthHerald();
  });
  afterAll(() => {
    herald?.dispose();
    again?.dispose();
  });

  it('keeps {"current", "previous"} in a Secrets Manager secret, generated rather than written in the template', () => {
    herald.template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: Match.objectLike({ SecretStringTemplate: '{"previous":null}', GenerateStringKey: 'current' }),
      SecretString: Match.absent(),
    });
  });

  it('rotates the secret through a custom resource given the secret and a per-deployment id', () => {
    herald.template.hasResourceProperties(ROTATION, {
      ServiceToken: { 'Fn::GetAtt': [Match.stringLikeRegexp('^OriginVerifyRotate'), 'Arn'] },
      SecretId: { Ref: Match.stringLikeRegexp('^OriginVerifySecret') },
      RotationId: Match.stringLikeRegexp('.{16,}'),
    });
  });

  it('changes the rotation id with every synth, so every deploy rotates', () => {
    expect(rotationIdOf(again)).not.toBe(rotationIdOf(herald));
  });

  it('pins the rotation id from context when asked (a reproducible template)', () => {
    const pinned = synthHerald({ context: { originVerifyRotationId: 'release-42' } });
    try {
      expect(rotationIdOf(pinned)).toBe('release-42');
    } finally {
      pinned.dispose();
    }
  });

  it('lets the rotation read and write that one secret', () => {
    herald.template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^OriginVerifyRotateServiceRole') }],
      PolicyDocument: {
        Statement: [
          {
            Action: ['secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue'],
            Effect: 'Allow',
            Resource: { Ref: Match.stringLikeRegexp('^OriginVerifySecret') },
          },
        ],
      },
    });
  });

  it('has CloudFront send the rotation\'s current value to the API origin as x-herald-origin-verify', () => {
    expect(ORIGIN_VERIFY_HEADER).toBe('x-herald-origin-verify');
    herald.template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: {
        Origins: Match.arrayWith([
          Match.objectLike({
            DomainName: { 'Fn::Select': [2, { 'Fn::Split': ['/', { 'Fn::GetAtt': [Match.stringLikeRegexp('^ApiHttpApi'), 'ApiEndpoint'] }] }] },
            OriginCustomHeaders: [
              {
                HeaderName: 'x-herald-origin-verify',
                HeaderValue: { 'Fn::GetAtt': [Match.stringLikeRegexp('^OriginVerifyRotation'), 'Current'] },
              },
            ],
          }),
        ]),
      },
    });
  });

  it('sends the header to the API origin only, never to the site bucket', () => {
    const [distribution] = Object.values(herald.template.findResources('AWS::CloudFront::Distribution')) as {
      Properties: { DistributionConfig: { Origins: { S3OriginConfig?: unknown; OriginCustomHeaders?: unknown }[] } };
    }[];
    const s3Origins = distribution!.Properties.DistributionConfig.Origins.filter((origin) => origin.S3OriginConfig);
    expect(s3Origins.length).toBeGreaterThan(0);
    expect(s3Origins.map((origin) => origin.OriginCustomHeaders)).toEqual(s3Origins.map(() => undefined));
  });

  it('never writes a header value into the template: the only value is a reference', () => {
    const text = JSON.stringify(herald.template.toJSON());
    const headers = [...text.matchAll(/"HeaderName":"x-herald-origin-verify","HeaderValue":(\{[^}]*\}|"[^"]*")/g)].map((m) => m[1]);
    expect(headers).toHaveLength(1);
    expect(headers[0]).toMatch(/^\{"Fn::GetAtt"/);
  });
});
