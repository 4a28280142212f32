import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { SES_FEEDBACK_DETAIL_TYPES } from '../../../infra/constructs/mail';
import { synthHerald, type SynthesizedHerald } from '../support/synth-herald';

describe('HeraldMail', () => {
  let herald: SynthesizedHerald;
  beforeAll(() => {
    herald = synthHerald();
  });
  afterAll(() => {
    herald?.dispose();
  });

  it('creates the configuration set named in herald.config.json', () => {
    herald.template.hasResourceProperties('AWS::SES::ConfigurationSet', {
      Name: herald.settings.configurationSetName,
      SuppressionOptions: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
    });
  });

  it('publishes bounces and complaints to the default EventBridge bus', () => {
    herald.template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: {
        Enabled: true,
        MatchingEventTypes: ['bounce', 'complaint', 'delivery'],
        EventBridgeDestination: { EventBusArn: Match.anyValue() },
      },
    });
  });

  it('routes this configuration set\'s bounces and complaints to the bounce handler', () => {
    herald.template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.ses'],
        'detail-type': SES_FEEDBACK_DETAIL_TYPES,
        detail: { mail: { tags: { 'ses:configuration-set': [herald.settings.configurationSetName] } } },
      },
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^MailBounces'), 'Arn'] } })],
    });
  });

  it('bounds the bounce handler\'s retries and parks failures in a queue', () => {
    herald.template.hasResourceProperties('AWS::Events::Rule', {
      Targets: [
        Match.objectLike({
          RetryPolicy: { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 6 * 3600 },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^MailBounceFailures'), 'Arn'] } },
        }),
      ],
    });
  });

  const sendRawEmailOn = (arnSuffix: string | object) => ({
    Roles: [{ Ref: Match.stringLikeRegexp('^MailMailerServiceRole') }],
    PolicyDocument: {
      Statement: Match.arrayWith([
        Match.objectLike({
          Action: 'ses:SendRawEmail',
          Resource: Match.arrayWith([{ 'Fn::Join': ['', Match.arrayWith([arnSuffix])] }]),
        }),
      ]),
    },
  });

  it('lets the mailer send raw mail as the sender identity of herald.config.json', () => {
    herald.template.hasResourceProperties('AWS::IAM::Policy', sendRawEmailOn(`:identity/${herald.settings.mailDomain}`));
  });

  it('lets the mailer send raw mail through its configuration set', () => {
    herald.template.hasResourceProperties('AWS::IAM::Policy', sendRawEmailOn({ Ref: Match.stringLikeRegexp('^MailConfigurationSet') }));
  });

  it('lets the mailer read its sending quota', () => {
    herald.template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^MailMailerServiceRole') }],
      PolicyDocument: { Statement: Match.arrayWith([{ Action: 'ses:GetSendQuota', Effect: 'Allow', Resource: '*' }]) },
    });
  });

  it('tells the mailer the sender, the configuration set and the token key', () => {
    herald.template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('^Herald mailer'),
      Environment: {
        Variables: Match.objectLike({
          MAIL_FROM: herald.settings.mailFrom,
          SES_CONFIGURATION_SET: { Ref: Match.stringLikeRegexp('^MailConfigurationSet') },
          TOKEN_SECRET_NAME: Match.anyValue(),
        }),
      },
    });
  });

  it('leaves the sender identity to the account unless asked to create it', () => {
    herald.template.resourceCountIs('AWS::SES::EmailIdentity', 0);
  });
});
