import { CfnOutput, Duration, Stack, Validations } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFn } from 'aws-cdk-lib/aws-lambda';
import { PublicHostedZone } from 'aws-cdk-lib/aws-route53';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import {
  ConfigurationSet,
  EmailIdentity,
  EmailSendingEvent,
  EventDestination,
  Identity,
  SuppressionReasons,
} from 'aws-cdk-lib/aws-ses';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { bindTable, bindTokenSecret } from './bindings';
import { createFailureQueue } from './failure-queue';
import { HeraldFunction } from './herald-function';
import { consumeTableStream } from './table-stream-consumer';

export interface HeraldMailProps {
  table: ITableV2;
  tokenSecret: ISecret;
  /** Configuration set name from herald.config.json (email.configuration_set). */
  configurationSetName: string;
  /** From header (email.from) and its bare address and domain. */
  mailFrom: string;
  mailFromAddress: string;
  mailDomain: string;
  /** Create the SES domain identity here (else it must already be verified in the account). */
  createIdentity: boolean;
  /** Route 53 zone of the mail domain, to publish DKIM records when creating the identity. */
  hostedZoneId?: string;
  hostedZoneName?: string;
  /** Variables from herald.config.json and the page URL. */
  environment: Record<string, string>;
}

/** SES events the bounce handler receives, as EventBridge detail-types. */
export const SES_FEEDBACK_DETAIL_TYPES = ['Email Bounced', 'Email Complaint Received', 'Email Delivered'];

interface BindMailProps {
  fn: LambdaFn;
  configurationSetName: string;
  mailFrom: string;
  identityArns: string[];
}

/** MAIL_FROM and SES_CONFIGURATION_SET plus permission to send as that identity through that set. */
export function bindMail({ fn, configurationSetName, mailFrom, identityArns }: BindMailProps): void {
  fn.addEnvironment('MAIL_FROM', mailFrom);
  fn.addEnvironment('SES_CONFIGURATION_SET', configurationSetName);
  const configurationSetArn = Stack.of(fn).formatArn({
    service: 'ses',
    resource: 'configuration-set',
    resourceName: configurationSetName,
  });
  fn.addToRolePolicy(
    new PolicyStatement({
      actions: ['ses:SendRawEmail'],
      resources: [...identityArns, configurationSetArn],
    }),
  );
  fn.addToRolePolicy(new PolicyStatement({ actions: ['ses:GetSendQuota'], resources: ['*'] }));
  Validations.of(fn).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason: 'ses:GetSendQuota is an account-level action with no resource type; it cannot be scoped further.',
  });
}

/**
 * Email: the SES configuration set named in herald.config.json, whose bounce and complaint events
 * go to EventBridge and on to the bounce handler (which suppresses the address in the table);
 * and the mailer, a table-stream consumer that sends with SendRawEmail through that set, as the
 * sender identity from the config file.
 */
export class HeraldMail extends Construct {
  readonly mailer: HeraldFunction;
  /** Lets another function send as the sender identity through the configuration set. */
  readonly bindSender: (fn: HeraldFunction) => void;
  readonly bounces: HeraldFunction;
  readonly configurationSet: ConfigurationSet;
  readonly mailerFailures: Queue;
  readonly bounceFailures: Queue;

  constructor(scope: Construct, id: string, props: HeraldMailProps) {
    super(scope, id);

    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName: props.configurationSetName,
      reputationMetrics: true,
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    this.configurationSet.addEventDestination('Feedback', {
      destination: EventDestination.eventBus(EventBus.fromEventBusName(this, 'DefaultBus', 'default')),
      // Deliveries too: they are the mail receipts of an update (delivered / bounced / complained).
      events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT, EmailSendingEvent.DELIVERY],
    });

    const stack = Stack.of(this);
    const identityArn = (identity: string) =>
      stack.formatArn({ service: 'ses', resource: 'identity', resourceName: identity });
    if (props.createIdentity) {
      const zone =
        props.hostedZoneId && props.hostedZoneName === props.mailDomain
          ? PublicHostedZone.fromPublicHostedZoneAttributes(this, 'MailZone', {
              hostedZoneId: props.hostedZoneId,
              zoneName: props.hostedZoneName,
            })
          : undefined;
      const identity = new EmailIdentity(this, 'Identity', {
        identity: zone ? Identity.publicHostedZone(zone) : Identity.domain(props.mailDomain),
        configurationSet: this.configurationSet,
      });
      if (!zone) {
        identity.dkimRecords.forEach((record, index) => {
          new CfnOutput(this, `DkimRecord${index + 1}`, {
            description: `CNAME to add to ${props.mailDomain}'s DNS for DKIM`,
            value: `${record.name} CNAME ${record.value}`,
          });
        });
      }
    }
    const identityArns = [identityArn(props.mailDomain), identityArn(props.mailFromAddress)];
    this.bindSender = (fn) =>
      bindMail({ fn, configurationSetName: this.configurationSet.configurationSetName, mailFrom: props.mailFrom, identityArns });

    this.mailer = new HeraldFunction(this, 'Mailer', {
      handler: 'mailer',
      description: 'Herald mailer: confirmation and incident mail through SES',
      memorySize: 512,
      // A fan-out to 10,000 subscribers at SES's starting rate of 14 messages a second takes 12 minutes.
      timeout: Duration.minutes(15),
      environment: props.environment,
    });
    bindTable({ fn: this.mailer, table: props.table, access: 'rw' });
    bindTokenSecret({ fn: this.mailer, secret: props.tokenSecret });
    this.bindSender(this.mailer);
    this.mailerFailures = consumeTableStream(this, 'Stream', {
      fn: this.mailer,
      table: props.table,
      batchSize: 25,
    });

    this.bounces = new HeraldFunction(this, 'Bounces', {
      handler: 'bounces',
      description: 'Herald bounces: suppresses addresses SES reports as bounced or complaining',
      timeout: Duration.seconds(30),
      environment: props.environment,
    });
    bindTable({ fn: this.bounces, table: props.table, access: 'rw' });
    this.bounceFailures = createFailureQueue(this, 'BounceFailures');
    new Rule(this, 'FeedbackRule', {
      description: `Herald: SES bounces and complaints of configuration set ${props.configurationSetName}`,
      eventPattern: {
        source: ['aws.ses'],
        detailType: SES_FEEDBACK_DETAIL_TYPES,
        // Other applications in the account publish to the same default bus: only this set's mail.
        detail: { mail: { tags: { 'ses:configuration-set': [props.configurationSetName] } } },
      },
      targets: [
        new LambdaFunction(this.bounces, {
          deadLetterQueue: this.bounceFailures,
          retryAttempts: 8,
          maxEventAge: Duration.hours(6),
        }),
      ],
    });
  }
}
