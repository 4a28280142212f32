import { CONSOLE_CSP } from '../../../functions/console/middleware/headers';
import { CachePolicy, OriginRequestPolicy } from 'aws-cdk-lib/aws-cloudfront';
import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN_BEARING_LOG_FIELDS } from '../../../infra/constructs/edge-access-logs';
import { synthHerald, type SynthesizedHerald } from '../support/synth-herald';

const BUCKET = 'AWS::S3::Bucket';
const DISTRIBUTION = 'AWS::CloudFront::Distribution';
const HEADERS = 'AWS::CloudFront::ResponseHeadersPolicy';

/** The site bucket is the versioned one (the log bucket is not). */
const siteBucket = (properties: object) => ({ VersioningConfiguration: { Status: 'Enabled' }, ...properties });
const behavior = (pathPattern: string, properties: object) => ({
  DistributionConfig: {
    CacheBehaviors: Match.arrayWith([Match.objectLike({ PathPattern: pathPattern, ...properties })]),
  },
});
const pageCsp = (pattern: string | ReturnType<typeof Match.not>) => ({
  ResponseHeadersPolicyConfig: {
    CorsConfig: Match.absent(),
    SecurityHeadersConfig: Match.objectLike({
      ContentSecurityPolicy: {
        ContentSecurityPolicy: typeof pattern === 'string' ? Match.stringLikeRegexp(pattern) : pattern,
        Override: true,
      },
    }),
  },
});

describe('HeraldHosting', () => {
  let herald: SynthesizedHerald;
  beforeAll(() => {
    herald = synthHerald();
  });
  afterAll(() => {
    herald?.dispose();
  });

  describe('site bucket', () => {
    it('blocks every form of public access', () => {
      herald.template.hasResourceProperties(BUCKET, siteBucket({
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
      }));
    });

    it('encrypts objects at rest', () => {
      herald.template.hasResourceProperties(BUCKET, siteBucket({
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
      }));
    });

    it('is versioned, with old versions expiring', () => {
      herald.template.hasResourceProperties(BUCKET, siteBucket({
        LifecycleConfiguration: {
          Rules: Match.arrayWith([Match.objectLike({ NoncurrentVersionExpiration: Match.objectLike({ NoncurrentDays: 30 }) })]),
        },
      }));
    });

    it('writes server access logs to the log bucket', () => {
      herald.template.hasResourceProperties(BUCKET, siteBucket({
        LoggingConfiguration: { DestinationBucketName: Match.anyValue(), LogFilePrefix: 's3/site/' },
      }));
    });

    it('refuses requests without TLS', () => {
      herald.template.hasResourceProperties('AWS::S3::BucketPolicy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    });

    it('lets only this distribution read objects, through Origin Access Control', () => {
      herald.template.hasResourceProperties('AWS::S3::BucketPolicy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Action: 's3:GetObject',
              Principal: { Service: 'cloudfront.amazonaws.com' },
              Condition: { StringEquals: { 'AWS:SourceArn': Match.anyValue() } },
            }),
          ]),
        },
      });
    });
  });

  describe('distribution', () => {
    it('creates an S3 Origin Access Control that signs every request', () => {
      herald.template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
        OriginAccessControlConfig: Match.objectLike({
          OriginAccessControlOriginType: 's3',
          SigningBehavior: 'always',
          SigningProtocol: 'sigv4',
        }),
      });
    });

    it('reads the site bucket through the Origin Access Control, not a legacy identity', () => {
      herald.template.hasResourceProperties(DISTRIBUTION, {
        DistributionConfig: {
          Origins: Match.arrayWith([
            Match.objectLike({
              OriginAccessControlId: Match.anyValue(),
              S3OriginConfig: { OriginAccessIdentity: '' },
            }),
          ]),
        },
      });
    });

    it('serves the page over HTTPS, index.html at the root and in every directory', () => {
      herald.template.hasResourceProperties(DISTRIBUTION, {
        DistributionConfig: Match.objectLike({
          DefaultRootObject: 'index.html',
          DefaultCacheBehavior: Match.objectLike({
            ViewerProtocolPolicy: 'redirect-to-https',
            FunctionAssociations: [Match.objectLike({ EventType: 'viewer-request' })],
          }),
        }),
      });
    });

    it('routes /v1/* to the API with every method, no caching and all viewer headers but Host', () => {
      herald.template.hasResourceProperties(DISTRIBUTION, behavior('/v1/*', {
        AllowedMethods: Match.arrayEquals(['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE']),
        CachePolicyId: CachePolicy.CACHING_DISABLED.cachePolicyId,
        OriginRequestPolicyId: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER.originRequestPolicyId,
        ViewerProtocolPolicy: 'https-only',
      }));
    });

    it('routes the console to the API, uncached, with its own CSP (scripts from itself only)', () => {
      herald.template.hasResourceProperties(DISTRIBUTION, behavior('/console*', {
        AllowedMethods: Match.arrayEquals(['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE']),
        CachePolicyId: CachePolicy.CACHING_DISABLED.cachePolicyId,
        ViewerProtocolPolicy: 'https-only',
        ResponseHeadersPolicyId: { Ref: Match.stringLikeRegexp('^HostingConsoleHeaders') },
      }));
      herald.template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
        ResponseHeadersPolicyConfig: Match.objectLike({
          SecurityHeadersConfig: Match.objectLike({
            ContentSecurityPolicy: { ContentSecurityPolicy: CONSOLE_CSP, Override: true },
          }),
        }),
      });
    });

    it('sends /v1/* to the HTTP API origin over TLS 1.2', () => {
      herald.template.hasResourceProperties(DISTRIBUTION, {
        DistributionConfig: {
          Origins: Match.arrayWith([
            Match.objectLike({
              DomainName: { 'Fn::Select': [2, { 'Fn::Split': ['/', { 'Fn::GetAtt': [Match.stringLikeRegexp('^ApiHttpApi'), 'ApiEndpoint'] }] }] },
              CustomOriginConfig: Match.objectLike({ OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] }),
            }),
          ]),
        },
      });
    });

    it('serves /api/v2/* from the bucket with the CORS headers policy', () => {
      herald.template.hasResourceProperties(DISTRIBUTION, behavior('/api/v2/*', {
        AllowedMethods: ['GET', 'HEAD', 'OPTIONS'],
        ResponseHeadersPolicyId: { Ref: Match.stringLikeRegexp('^HostingPublicApiHeaders') },
      }));
    });

    it('does not use legacy standard logging, which always records query strings', () => {
      herald.template.hasResourceProperties(DISTRIBUTION, {
        DistributionConfig: Match.objectLike({ Logging: Match.absent() }),
      });
    });

    it('caches pages briefly, honouring the publisher\'s Cache-Control', () => {
      herald.template.hasResourceProperties('AWS::CloudFront::CachePolicy', {
        CachePolicyConfig: Match.objectLike({ DefaultTTL: 60, MinTTL: 0 }),
      });
    });
  });

  describe('access logs', () => {
    it('delivers the distribution\'s access logs through standard logging v2', () => {
      herald.template.hasResourceProperties('AWS::Logs::DeliverySource', {
        LogType: 'ACCESS_LOGS',
        ResourceArn: Match.anyValue(),
      });
      const [source] = Object.values(herald.template.findResources('AWS::Logs::DeliverySource')) as { Properties: { ResourceArn: unknown } }[];
      expect(JSON.stringify(source!.Properties.ResourceArn)).toMatch(/distribution\/.*HostingDistribution/);
    });

    it('writes them to the log bucket', () => {
      herald.template.hasResourceProperties('AWS::Logs::DeliveryDestination', {
        DestinationResourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^HostingLogBucket'), 'Arn'] },
      });
    });

    it('records the path but never the query string, Referer or cookies (where subscription tokens travel)', () => {
      herald.template.hasResourceProperties('AWS::Logs::Delivery', {
        RecordFields: Match.arrayWith(['date', 'time', 'c-ip', 'cs-method', 'cs-uri-stem', 'sc-status']),
      });
      const [delivery] = Object.values(herald.template.findResources('AWS::Logs::Delivery')) as { Properties: { RecordFields: string[] } }[];
      const fields = delivery!.Properties.RecordFields;
      expect(fields.filter((field) => (TOKEN_BEARING_LOG_FIELDS as readonly string[]).includes(field))).toEqual([]);
      expect(fields.filter((field) => /query|referer|cookie|header/i.test(field) && field !== 'x-host-header')).toEqual([]);
    });

    it('lets the log delivery service write only this account\'s deliveries into the bucket', () => {
      herald.template.hasResourceProperties('AWS::S3::BucketPolicy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Action: 's3:PutObject',
              Principal: { Service: 'delivery.logs.amazonaws.com' },
              Condition: Match.objectLike({
                StringEquals: Match.objectLike({ 'aws:SourceAccount': { Ref: 'AWS::AccountId' } }),
                ArnLike: { 'aws:SourceArn': Match.anyValue() },
              }),
            }),
          ]),
        },
      });
    });
  });

  describe('response headers', () => {
    it('allows any origin to read /api/v2/*, without credentials', () => {
      herald.template.hasResourceProperties(HEADERS, {
        ResponseHeadersPolicyConfig: Match.objectLike({
          CorsConfig: Match.objectLike({
            AccessControlAllowOrigins: { Items: ['*'] },
            AccessControlAllowCredentials: false,
            OriginOverride: true,
          }),
        }),
      });
    });

    it('sends a Content-Security-Policy whose scripts are same-origin only', () => {
      herald.template.hasResourceProperties(HEADERS, pageCsp("(^|; )script-src 'self'(;|$)"));
    });

    it('never allows inline scripts', () => {
      herald.template.hasResourceProperties(HEADERS, pageCsp(Match.not(Match.stringLikeRegexp("script-src[^;]*'unsafe-inline'"))));
    });

    it('forbids framing the page', () => {
      herald.template.hasResourceProperties(HEADERS, pageCsp("frame-ancestors 'none'"));
    });

    it('sends HSTS for two years, subdomains included', () => {
      herald.template.hasResourceProperties(HEADERS, {
        ResponseHeadersPolicyConfig: Match.objectLike({
          SecurityHeadersConfig: Match.objectLike({
            StrictTransportSecurity: { AccessControlMaxAgeSec: 63072000, IncludeSubdomains: true, Override: true },
          }),
        }),
      });
    });

    it('sends nosniff, DENY framing and a strict referrer policy', () => {
      herald.template.hasResourceProperties(HEADERS, {
        ResponseHeadersPolicyConfig: Match.objectLike({
          SecurityHeadersConfig: Match.objectLike({
            ContentTypeOptions: { Override: true },
            FrameOptions: { FrameOption: 'DENY', Override: true },
            ReferrerPolicy: { ReferrerPolicy: 'strict-origin-when-cross-origin', Override: true },
          }),
        }),
      });
    });
  });
});
