import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { synthHerald, type SynthesizedHerald } from '../support/synth-herald';

const CERTIFICATE_ARN = 'arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000';

describe('AppStack with every option from context', () => {
  let herald: SynthesizedHerald;
  beforeAll(() => {
    herald = synthHerald({
      context: {
        domainName: 'status.example.com',
        certificateArn: CERTIFICATE_ARN,
        hostedZoneId: 'Z0000000000000000000',
        hostedZoneName: 'example.com',
        sesIdentity: 'create',
      },
    });
  });
  afterAll(() => {
    herald?.dispose();
  });

  it('answers for the custom domain with its certificate and TLS 1.2 at least', () => {
    herald.template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['status.example.com'],
        ViewerCertificate: {
          AcmCertificateArn: CERTIFICATE_ARN,
          MinimumProtocolVersion: 'TLSv1.2_2021',
          SslSupportMethod: 'sni-only',
        },
      }),
    });
  });

  it('creates IPv4 and IPv6 alias records for the page in the given zone', () => {
    herald.template.resourcePropertiesCountIs(
      'AWS::Route53::RecordSet',
      { Name: 'status.example.com.', HostedZoneId: 'Z0000000000000000000', AliasTarget: Match.anyValue() },
      2,
    );
  });

  it('publishes the custom domain as the page URL', () => {
    herald.template.hasOutput('PageUrl', { Value: 'https://status.example.com' });
  });

  it('creates the SES domain identity of email.from, sending through the configuration set', () => {
    herald.template.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: herald.settings.mailDomain,
      ConfigurationSetAttributes: { ConfigurationSetName: { Ref: Match.stringLikeRegexp('^MailConfigurationSet') } },
    });
  });

  it('publishes the identity\'s three DKIM records in the mail domain\'s zone', () => {
    herald.template.resourcePropertiesCountIs(
      'AWS::Route53::RecordSet',
      { Type: 'CNAME', HostedZoneId: 'Z0000000000000000000' },
      3,
    );
  });
});
