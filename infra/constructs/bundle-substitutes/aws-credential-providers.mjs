// What `@aws-sdk/credential-provider-ini`, `-sso`, `-process` and `-web-identity` resolve to in
// the Lambda bundles (infra/constructs/bundling.ts). The SDK's default credential chain
// (@aws-sdk/credential-provider-node) tries the environment first, and Lambda always gives a
// function its role's credentials there (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
// AWS_SESSION_TOKEN); the chain imports these four only when the environment has none, to read
// ~/.aws files, run a credential process or exchange an SSO or web-identity token, which a Lambda
// function never does. Each link here declines as those do when they find nothing (the chain goes
// on to the container and instance metadata providers, which stay), and keeps them and the STS/SSO
// clients they need (@aws-sdk/nested-clients, about 90 KiB) out of every bundle.
// test/handlers/credential-chain.test.ts checks a bundle still takes the environment's credentials.
import { CredentialsProviderError } from '@smithy/core/config';

const declined = (source) => (init = {}) => async () => {
  throw new CredentialsProviderError(`${source} credentials are not read in a Herald Lambda bundle (Lambda provides them in the environment)`, {
    logger: init.logger,
    tryNextLink: true,
  });
};

export const fromIni = declined('Shared config file (fromIni)');
export const fromSSO = declined('SSO (fromSSO)');
export const fromProcess = declined('Credential process (fromProcess)');
export const fromTokenFile = declined('Web identity token file (fromTokenFile)');
export const fromWebToken = declined('Web identity token (fromWebToken)');
