import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { EdgeAccessLogs } from '../constructs/edge-access-logs';
import { HeraldFirewall } from '../constructs/firewall';

/**
 * CloudFront's web ACL for an app stack outside us-east-1 (a CLOUDFRONT-scope web ACL exists only
 * there). Deployed before the app stack, which reads the ACL's ARN through a cross-region reference.
 */
export class EdgeFirewallStack extends Stack {
  readonly firewall: HeraldFirewall;

  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, { ...props, crossRegionReferences: true });
    this.firewall = new HeraldFirewall(this, 'Firewall');
  }
}

export interface EdgeLogsStackProps extends StackProps {
  distributionArn: string;
  bucket: Bucket;
}

/**
 * CloudFront's access-log delivery for an app stack outside us-east-1 (CloudFront's delivery
 * sources exist only there). Deployed after the app stack: it names the distribution.
 */
export class EdgeLogsStack extends Stack {
  readonly accessLogs: EdgeAccessLogs;

  constructor(scope: Construct, id: string, props: EdgeLogsStackProps) {
    const { distributionArn, bucket, ...stackProps } = props;
    super(scope, id, { ...stackProps, crossRegionReferences: true });
    this.accessLogs = new EdgeAccessLogs(this, 'AccessLogs', { distributionArn, bucket });
  }
}
