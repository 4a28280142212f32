import type { Environment, Stage } from 'aws-cdk-lib';
import type { DeploySettings } from '../config';
import { AppStack } from './app-stack';
import { DataStack } from './data-stack';
import { EDGE_REGION } from '../config';

export { EDGE_REGION };

export interface HeraldStacks {
  data: DataStack;
  app: AppStack;
}

/** Herald's two stacks: the stateful data stack and the app stack that depends on it. */
export function createHeraldStacks(scope: Stage, settings: DeploySettings): HeraldStacks {
  if (settings.region && settings.region !== EDGE_REGION) {
    throw new Error(
      `region is ${settings.region}, but Herald deploys to ${EDGE_REGION}: the app stack holds CloudFront's ` +
        'AWS WAF web ACL and its access-log delivery, which AWS only accepts in us-east-1 (see docs/deploy.md).',
    );
  }
  const env: Environment | undefined =
    settings.account || settings.region ? { account: settings.account, region: settings.region } : undefined;
  const data = new DataStack(scope, `${settings.stackPrefix}-Data`, {
    env,
    description: 'Herald status page: table and token key (stateful, termination-protected)',
  });
  const app = new AppStack(scope, `${settings.stackPrefix}-App`, {
    env,
    description: 'Herald status page: API, site hosting, publisher, mailer, scheduler, alarms',
    settings,
    table: data.data.table,
    tokenSecret: data.data.tokenSecret,
  });
  app.addStackDependency(data);
  return { data, app };
}
