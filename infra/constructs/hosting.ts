import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CachedMethods,
  CachePolicy,
  Distribution,
  Function as CloudFrontFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
  type ResponseSecurityHeadersBehavior,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { ARecord, AaaaRecord, HostedZone, RecordTarget } from 'aws-cdk-lib/aws-route53';
import { CloudFrontTarget } from 'aws-cdk-lib/aws-route53-targets';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { CONSOLE_CSP } from '../../functions/console/middleware/headers';
import { EdgeAccessLogs } from './edge-access-logs';
import { ORIGIN_VERIFY_HEADER } from './origin-verify-secret';

export interface HeraldHostingProps {
  /** Host name of the responder API's origin (execute-api), served at `/v1/*`. */
  apiOriginDomainName: string;
  /**
   * The origin-verify value CloudFront adds to every request to the API origin as
   * `x-herald-origin-verify` (a CloudFormation reference, never a literal).
   */
  originVerifyHeaderValue: string;
  /** The AWS WAF web ACL (CLOUDFRONT scope) in front of the distribution. */
  webAclArn: string;
  /**
   * Create the access-log delivery here (this stack is in us-east-1); false when another stack,
   * in us-east-1, creates it for this distribution and log bucket. @default true
   */
  accessLogs?: boolean;
  /** Custom domain and its us-east-1 ACM certificate; both or neither. */
  domainName?: string;
  certificateArn?: string;
  /** Route 53 zone for the custom domain's alias records (optional: else point a CNAME yourself). */
  hostedZoneId?: string;
  hostedZoneName?: string;
}

/**
 * Content-Security-Policy of every page. No inline or third-party scripts; inline styles are
 * allowed (Astro inlines small stylesheets). Images may come from https (the page's logo_url).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: https:",
  "font-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "object-src 'none'",
  'upgrade-insecure-requests',
].join('; ');

/** S3 has no directory indexes behind OAC: `/incidents/INC-…/` and `/history` map to their index.html. */
const DIRECTORY_INDEX_FUNCTION = `
function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri.endsWith('/')) {
    request.uri = uri + 'index.html';
  } else if (uri.split('/').pop().indexOf('.') === -1) {
    request.uri = uri + '/index.html';
  }
  return request;
}`;

/**
 * The public face: a private, versioned, encrypted site bucket read only by CloudFront through
 * Origin Access Control; the responder API at the same origin under `/v1/*` (never cached, every
 * method, each request carrying the origin-verify header); Statuspage-compatible JSON under
 * `/api/v2/*` with `Access-Control-Allow-Origin: *`; strict security headers everywhere; the
 * given AWS WAF web ACL in front; access logs that never record query strings. Pages are cached
 * briefly at the edge and may be served stale while the origin is unreachable, so the page stays
 * up when its region does not.
 */
export class HeraldHosting extends Construct {
  readonly siteBucket: Bucket;
  readonly logBucket: Bucket;
  readonly distribution: Distribution;
  /** The API origin: every behaviour that serves the API must use it (it carries the origin-verify header). */
  readonly apiOrigin: HttpOrigin;
  /** Undefined when a us-east-1 stack delivers this distribution's access logs. */
  readonly accessLogs: EdgeAccessLogs | undefined;
  /** `https://<custom domain or CloudFront domain>`, no trailing slash. */
  readonly pageUrl: string;

  constructor(scope: Construct, id: string, props: HeraldHostingProps) {
    super(scope, id);

    this.logBucket = new Bucket(this, 'LogBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // CloudFront writes through the log delivery service (standard logging v2): no ACLs needed.
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(90), abortIncompleteMultipartUploadAfter: Duration.days(1) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.logBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the access-log bucket itself; logging it into itself would loop.',
    });

    // Not in the stateful stack: everything in it is derived from the table and rewritten by the
    // first-publish rebuild; and the OAC bucket policy names this distribution, which would make
    // a cross-stack cycle.
    this.siteBucket = new Bucket(this, 'SiteBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.logBucket,
      serverAccessLogsPrefix: 's3/site/',
      lifecycleRules: [
        // Every publish overwrites index.html and the JSON files: keep a month of history, not forever.
        { noncurrentVersionExpiration: Duration.days(30), noncurrentVersionsToRetain: 10 },
        { abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const siteOrigin = S3BucketOrigin.withOriginAccessControl(this.siteBucket);
    // Every behaviour served by the API (/v1/*, and any later one such as /console/*) uses this
    // origin, so every request CloudFront forwards to the API proves where it came from.
    this.apiOrigin = new HttpOrigin(props.apiOriginDomainName, {
      protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
      readTimeout: Duration.seconds(30),
      customHeaders: { [ORIGIN_VERIFY_HEADER]: props.originVerifyHeaderValue },
    });
    const apiOrigin = this.apiOrigin;

    // Honours the publisher's Cache-Control (short max-age plus stale-if-error on HTML and JSON);
    // a minute when an object has none; objects may stay at the edge for a day to be served stale.
    const siteCache = new CachePolicy(this, 'SiteCache', {
      comment: 'Herald site: short-lived HTML/JSON, honours origin Cache-Control',
      minTtl: Duration.seconds(0),
      defaultTtl: Duration.seconds(60),
      maxTtl: Duration.days(365),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });

    const securityHeaders: ResponseSecurityHeadersBehavior = {
      contentSecurityPolicy: { contentSecurityPolicy: CONTENT_SECURITY_POLICY, override: true },
      strictTransportSecurity: {
        accessControlMaxAge: Duration.days(730),
        includeSubdomains: true,
        override: true,
      },
      contentTypeOptions: { override: true },
      frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
      referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
    };
    const permissionsPolicy = {
      header: 'Permissions-Policy',
      value: 'camera=(), microphone=(), geolocation=(), payment=(), interest-cohort=()',
      override: true,
    };
    const stackName = Stack.of(this).stackName;
    const pageHeaders = new ResponseHeadersPolicy(this, 'PageHeaders', {
      comment: 'Herald: security headers for pages and the API',
      securityHeadersBehavior: securityHeaders,
      customHeadersBehavior: { customHeaders: [permissionsPolicy] },
    });
    // The console sends its own CSP (scripts from itself only): the page's would forbid its script.
    const consoleHeaders = new ResponseHeadersPolicy(this, 'ConsoleHeaders', {
      comment: 'Herald: security headers for the responder console',
      securityHeadersBehavior: { ...securityHeaders, contentSecurityPolicy: { contentSecurityPolicy: CONSOLE_CSP, override: true } },
      customHeadersBehavior: { customHeaders: [permissionsPolicy] },
    });
    const publicApiHeaders = new ResponseHeadersPolicy(this, 'PublicApiHeaders', {
      comment: 'Herald: Statuspage-compatible JSON, readable from any origin',
      securityHeadersBehavior: securityHeaders,
      customHeadersBehavior: { customHeaders: [permissionsPolicy] },
      corsBehavior: {
        accessControlAllowOrigins: ['*'],
        accessControlAllowMethods: ['GET', 'HEAD', 'OPTIONS'],
        accessControlAllowHeaders: ['*'],
        accessControlAllowCredentials: false,
        accessControlMaxAge: Duration.days(1),
        originOverride: true,
      },
    });

    const directoryIndex = new CloudFrontFunction(this, 'DirectoryIndex', {
      comment: 'Herald: /path/ and /path -> /path/index.html',
      runtime: FunctionRuntime.JS_2_0,
      code: FunctionCode.fromInline(DIRECTORY_INDEX_FUNCTION),
    });

    const customDomain = props.domainName && props.certificateArn
      ? {
          domainNames: [props.domainName],
          certificate: Certificate.fromCertificateArn(this, 'Certificate', props.certificateArn),
          minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
        }
      : {};

    this.distribution = new Distribution(this, 'Distribution', {
      comment: `Herald status page (${stackName})`,
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      // North America and Europe edges; viewers elsewhere are served from the nearest of those.
      priceClass: PriceClass.PRICE_CLASS_100,
      // Access logs go through standard logging v2 (EdgeAccessLogs below), which can leave out the
      // query string; legacy logging (enableLogging) always writes it.
      enableLogging: false,
      webAclId: props.webAclArn,
      ...customDomain,
      defaultBehavior: {
        origin: siteOrigin,
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: siteCache,
        responseHeadersPolicy: pageHeaders,
        compress: true,
        functionAssociations: [{ function: directoryIndex, eventType: FunctionEventType.VIEWER_REQUEST }],
      },
      additionalBehaviors: {
        '/v1/*': {
          origin: apiOrigin,
          // A redirect would turn a form POST into a GET: plain http is refused instead.
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          cachePolicy: CachePolicy.CACHING_DISABLED,
          // Everything but Host (API Gateway routes on its own host name), plus CloudFront-Viewer-Address.
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: pageHeaders,
        },
        // The console: never cached; the only behaviour whose requests carry the session cookie to
        // the origin besides /v1 (whose viewer headers the API needs whole).
        '/console*': {
          origin: apiOrigin,
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          cachePolicy: CachePolicy.CACHING_DISABLED,
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: consoleHeaders,
        },
        '/api/v2/*': {
          origin: siteOrigin,
          viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          allowedMethods: AllowedMethods.ALLOW_GET_HEAD_OPTIONS,
          cachedMethods: CachedMethods.CACHE_GET_HEAD_OPTIONS,
          cachePolicy: siteCache,
          responseHeadersPolicy: publicApiHeaders,
          compress: true,
        },
      },
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR1',
      reason: 'A public status page is for everyone: no geographic restriction.',
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR3',
      reason:
        'Access logs are written by CloudFront standard logging v2 (AWS::Logs::Delivery to the log bucket) with ' +
        'a field list that leaves out query strings and Referer, which carry subscription tokens.',
    });
    if (props.accessLogs ?? true) {
      this.accessLogs = new EdgeAccessLogs(this, 'AccessLogs', {
        distributionArn: this.distribution.distributionArn,
        bucket: this.logBucket,
      });
    }
    if (!props.domainName) {
      Validations.of(this.distribution).acknowledge({
        id: 'AwsSolutions-CFR4',
        reason:
          'Without a custom domain CloudFront serves *.cloudfront.net with its default certificate, whose ' +
          'security policy cannot be changed; with domainName/certificateArn the minimum is TLSv1.2_2021.',
      });
    }

    if (props.domainName && props.hostedZoneId && props.hostedZoneName) {
      const zone = HostedZone.fromHostedZoneAttributes(this, 'Zone', {
        hostedZoneId: props.hostedZoneId,
        zoneName: props.hostedZoneName,
      });
      const target = RecordTarget.fromAlias(new CloudFrontTarget(this.distribution));
      new ARecord(this, 'AliasA', { zone, recordName: props.domainName, target });
      new AaaaRecord(this, 'AliasAaaa', { zone, recordName: props.domainName, target });
    }

    this.pageUrl = `https://${props.domainName ?? this.distribution.distributionDomainName}`;
  }
}
