import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { HANDLERS } from '../../../infra/constructs/bundling';
import { synthHerald, type SynthesizedHerald } from '../support/synth-herald';

const FUNCTION = 'AWS::Lambda::Function';
/**
 * Herald's own functions (the trigger provider that CDK adds runs index.handler elsewhere; the
 * origin-verify rotation runs no handler entry point and has no source maps).
 */
const herald_ = (properties: object) => ({
  Handler: 'index.handler',
  Runtime: 'nodejs22.x',
  Environment: { Variables: Match.objectLike({ NODE_OPTIONS: '--enable-source-maps' }) },
  ...properties,
});

describe('HeraldFunction', () => {
  let herald: SynthesizedHerald;
  beforeAll(() => {
    herald = synthHerald();
  });
  afterAll(() => {
    herald?.dispose();
  });

  it('creates one function per handler entry point, on Node.js 22', () => {
    herald.template.resourcePropertiesCountIs(FUNCTION, herald_({}), HANDLERS.length);
  });

  it('runs every function on arm64', () => {
    herald.template.resourcePropertiesCountIs(FUNCTION, herald_({ Architectures: ['arm64'] }), HANDLERS.length);
  });

  it('enables source maps in every function', () => {
    herald.template.resourcePropertiesCountIs(
      FUNCTION,
      herald_({ Environment: { Variables: Match.objectLike({ NODE_OPTIONS: '--enable-source-maps' }) } }),
      HANDLERS.length,
    );
  });

  it('gives every function the sender and configuration set of herald.config.json', () => {
    herald.template.resourcePropertiesCountIs(
      FUNCTION,
      herald_({
        Environment: {
          Variables: Match.objectLike({ MAIL_FROM: herald.settings.mailFrom, SES_CONFIGURATION_SET: Match.anyValue() }),
        },
      }),
      HANDLERS.length,
    );
  });

  it('gives every function the table and the page URL', () => {
    herald.template.resourcePropertiesCountIs(
      FUNCTION,
      herald_({ Environment: { Variables: Match.objectLike({ TABLE_NAME: Match.anyValue(), PAGE_URL: Match.anyValue() }) } }),
      HANDLERS.length,
    );
  });

  it('logs every function to its own log group, kept for a month', () => {
    herald.template.resourcePropertiesCountIs(
      FUNCTION,
      herald_({ LoggingConfig: { LogGroup: { Ref: Match.stringLikeRegexp('Logs[0-9A-F]{8}$') } } }),
      HANDLERS.length,
    );
  });

  it('sets a retention on the function log groups', () => {
    herald.template.resourcePropertiesCountIs('AWS::Logs::LogGroup', { RetentionInDays: 30 }, HANDLERS.length);
  });

  it('gives the token key only to the functions that make or check tokens', () => {
    herald.template.resourcePropertiesCountIs(
      FUNCTION,
      herald_({ Environment: { Variables: Match.objectLike({ TOKEN_SECRET_NAME: Match.anyValue() }) } }),
      2,
    );
  });
});
