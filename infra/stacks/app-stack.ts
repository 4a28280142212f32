import { Aws, CfnOutput, CfnRule, Duration, Fn, Stack, Token, type StackProps } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import type { DeploySettings } from '../config';
import { HeraldApi } from '../constructs/api';
import { HeraldFirewall } from '../constructs/firewall';
import { OriginVerifySecret } from '../constructs/origin-verify-secret';
import { HeraldHosting } from '../constructs/hosting';
import { HeraldMail } from '../constructs/mail';
import { HeraldOperations } from '../constructs/operations';
import { HeraldPublisher } from '../constructs/publisher';
import { HeraldScheduler } from '../constructs/scheduler';
import { HeraldChannels } from '../constructs/channels';
import { EDGE_REGION } from '../config';

export interface AppStackProps extends StackProps {
  settings: DeploySettings;
  table: ITableV2;
  tokenSecret: ISecret;
  /**
   * The distribution's web ACL when this stack is outside us-east-1 (EdgeFirewallStack); the
   * access-log delivery then lives in EdgeLogsStack. Unset: both are created here.
   */
  edgeWebAclArn?: string;
}

/** Everything stateless: API, hosting, publishing, mail, time-driven work and operations. */
export class AppStack extends Stack {
  readonly originVerify: OriginVerifySecret;
  /** Undefined when the web ACL is in the us-east-1 edge stack. */
  readonly firewall: HeraldFirewall | undefined;
  readonly api: HeraldApi;
  readonly hosting: HeraldHosting;
  readonly publisher: HeraldPublisher;
  readonly mail: HeraldMail;
  readonly scheduler: HeraldScheduler;
  readonly channels: HeraldChannels;
  readonly operations: HeraldOperations;

  constructor(scope: Construct, id: string, props: AppStackProps) {
    super(scope, id, props);
    const { settings, table, tokenSecret, edgeWebAclArn } = props;

    // Every handler reads the same configuration (bundled herald.config.json); these variables
    // are the parts that depend on the deployment.
    const configEnvironment = {
      MAIL_FROM: settings.mailFrom,
      SES_CONFIGURATION_SET: settings.configurationSetName,
    };

    // Proof that a request came through the distribution; rotated on every deployment.
    this.originVerify = new OriginVerifySecret(this, 'OriginVerify', { rotationId: settings.originVerifyRotationId });
    this.api = new HeraldApi(this, 'Api', {
      table,
      tokenSecret,
      originVerifySecret: this.originVerify.secret,
      environment: configEnvironment,
    });
    // A CLOUDFRONT-scope web ACL and CloudFront's log delivery exist only in us-east-1: here when
    // this stack is there (an environment-agnostic template asserts it when CloudFormation runs
    // it), else in the edge stacks (stacks/herald.ts).
    if (!edgeWebAclArn && Token.isUnresolved(this.region)) {
      new CfnRule(this, 'DeployedInUsEast1', {
        assertions: [
          {
            assert: Fn.conditionEquals(Aws.REGION, EDGE_REGION),
            assertDescription:
              `Herald's app stack must be deployed in ${EDGE_REGION}: it holds CloudFront's AWS WAF web ACL and ` +
              'access-log delivery, which AWS accepts only there.',
          },
        ],
      });
    }
    this.firewall = edgeWebAclArn ? undefined : new HeraldFirewall(this, 'Firewall');
    this.hosting = new HeraldHosting(this, 'Hosting', {
      apiOriginDomainName: this.api.originDomainName,
      originVerifyHeaderValue: this.originVerify.headerValue,
      webAclArn: edgeWebAclArn ?? this.firewall!.webAcl.attrArn,
      accessLogs: !edgeWebAclArn,
      domainName: settings.domainName,
      certificateArn: settings.certificateArn,
      hostedZoneId: settings.hostedZoneId,
      hostedZoneName: settings.hostedZoneName,
    });
    const pageUrl = this.hosting.pageUrl;
    // The API is created before the distribution that fronts it; it learns the page URL now.
    this.api.handler.addEnvironment('PAGE_URL', pageUrl);
    const environment = { ...configEnvironment, PAGE_URL: pageUrl };

    this.publisher = new HeraldPublisher(this, 'Publisher', {
      table,
      siteBucket: this.hosting.siteBucket,
      environment,
    });
    this.mail = new HeraldMail(this, 'Mail', {
      table,
      tokenSecret,
      configurationSetName: settings.configurationSetName,
      mailFrom: settings.mailFrom,
      mailFromAddress: settings.mailFromAddress,
      mailDomain: settings.mailDomain,
      createIdentity: settings.sesIdentity === 'create',
      hostedZoneId: settings.hostedZoneId,
      hostedZoneName: settings.hostedZoneName,
      environment,
    });
    this.scheduler = new HeraldScheduler(this, 'Scheduler', { table, environment });
    this.channels = new HeraldChannels(this, 'Channels', { table, environment });
    // The scheduler mails responders their update-cadence reminders.
    this.mail.bindSender(this.scheduler.handler);

    this.operations = new HeraldOperations(this, 'Operations', {
      functions: {
        Api: this.api.handler,
        Publisher: this.publisher.publisher,
        Rebuild: this.publisher.rebuild,
        Mailer: this.mail.mailer,
        Bounces: this.mail.bounces,
        Scheduler: this.scheduler.handler,
        Channels: this.channels.handler,
      },
      failureQueues: {
        Publisher: this.publisher.failures,
        Mailer: this.mail.mailerFailures,
        Bounces: this.mail.bounceFailures,
        Scheduler: this.scheduler.failures,
        ChannelsStream: this.channels.streamFailures,
        ChannelsSweep: this.channels.sweepFailures,
      },
      streamLag: [
        { name: 'Publisher', fn: this.publisher.publisher, threshold: Duration.minutes(1) },
        { name: 'Mailer', fn: this.mail.mailer, threshold: Duration.minutes(15) },
        // Webhook, Slack and Teams deliveries are enqueued from the stream: behind means late everywhere.
        { name: 'Channels', fn: this.channels.handler, threshold: Duration.minutes(5) },
      ],
      httpApi: this.api.httpApi,
      alarmEmail: settings.alarmEmail,
    });

    new CfnOutput(this, 'PageUrl', { description: 'The status page', value: pageUrl });
    new CfnOutput(this, 'ApiUrl', {
      description: 'The responder API (same origin as the page)',
      value: `${pageUrl}/v1`,
    });
    new CfnOutput(this, 'ApiOriginUrl', {
      description: 'The API Gateway endpoint behind CloudFront (for debugging; use ApiUrl)',
      value: this.api.stage.url,
    });
    new CfnOutput(this, 'DistributionDomainName', {
      description: 'Point a custom domain here (CNAME or alias) when Route 53 is not managed by this app',
      value: this.hosting.distribution.distributionDomainName,
    });
    new CfnOutput(this, 'SiteBucketName', { value: this.hosting.siteBucket.bucketName });
    new CfnOutput(this, 'AlarmTopicArn', {
      description: 'Subscribe operators (email, chat, paging) to this topic',
      value: this.operations.topic.topicArn,
    });
  }
}
