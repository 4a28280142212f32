import { Aws, Stack } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { CfnDelivery, CfnDeliveryDestination, CfnDeliverySource } from 'aws-cdk-lib/aws-logs';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/**
 * The fields of each CloudFront access log record. Never `cs-uri-query` (confirm, unsubscribe and
 * manage tokens travel in query strings), `cs(Referer)` (a page opened from such a link names it,
 * query included, in the next request's Referer) or `cs(Cookie)`.
 */
export const CLOUDFRONT_LOG_FIELDS = [
  'date',
  'time',
  'x-edge-location',
  'sc-bytes',
  'c-ip',
  'cs-method',
  'cs(Host)',
  'cs-uri-stem',
  'sc-status',
  'cs(User-Agent)',
  'x-edge-result-type',
  'x-edge-request-id',
  'x-host-header',
  'cs-protocol',
  'cs-bytes',
  'time-taken',
  'ssl-protocol',
  'x-edge-response-result-type',
  'cs-protocol-version',
  'time-to-first-byte',
  'x-edge-detailed-result-type',
  'sc-content-type',
  'sc-content-len',
] as const;

/** Fields that may carry a subscription token; none of them is ever logged. */
export const TOKEN_BEARING_LOG_FIELDS = ['cs-uri-query', 'cs(Referer)', 'cs(Cookie)'] as const;

export interface EdgeAccessLogsProps {
  /** The distribution whose requests are logged. */
  distributionArn: string;
  /** Where the log files go (any region). */
  bucket: Bucket;
}

/**
 * CloudFront standard logging (v2): a CloudWatch Logs delivery from the distribution to the log
 * bucket with an explicit field list, so that query strings are never written. (Legacy standard
 * logging always writes `cs-uri-query`.) CloudFront's delivery source must be created in
 * us-east-1, so this construct must live in a stack deployed there.
 */
export class EdgeAccessLogs extends Construct {
  readonly delivery: CfnDelivery;

  constructor(scope: Construct, id: string, props: EdgeAccessLogsProps) {
    super(scope, id);
    const stackName = Stack.of(this).stackName;

    const source = new CfnDeliverySource(this, 'Source', {
      name: `${stackName}-cloudfront-access`,
      logType: 'ACCESS_LOGS',
      resourceArn: props.distributionArn,
    });
    const destination = new CfnDeliveryDestination(this, 'Destination', {
      name: `${stackName}-cloudfront-access-s3`,
      destinationResourceArn: props.bucket.bucketArn,
      outputFormat: 'w3c',
    });
    // The log delivery service writes the files, for this account's delivery sources only.
    const policy = props.bucket.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudFrontAccessLogDelivery',
        principals: [new ServicePrincipal('delivery.logs.amazonaws.com')],
        actions: ['s3:PutObject'],
        resources: [props.bucket.arnForObjects(`AWSLogs/${Aws.ACCOUNT_ID}/*`)],
        conditions: {
          StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceAccount': Aws.ACCOUNT_ID },
          ArnLike: { 'aws:SourceArn': `arn:${Aws.PARTITION}:logs:us-east-1:${Aws.ACCOUNT_ID}:delivery-source:*` },
        },
      }),
    );

    this.delivery = new CfnDelivery(this, 'Delivery', {
      deliverySourceName: source.ref,
      deliveryDestinationArn: destination.attrArn,
      recordFields: [...CLOUDFRONT_LOG_FIELDS],
    });
    if (policy.policyDependable) this.delivery.node.addDependency(policy.policyDependable);
  }
}
