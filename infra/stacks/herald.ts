import type { Environment, Stage } from 'aws-cdk-lib';
import { EDGE_REGION, type DeploySettings } from '../config';
import { AppStack } from './app-stack';
import { DataStack } from './data-stack';
import { EdgeFirewallStack, EdgeLogsStack } from './edge-stacks';

export { EDGE_REGION };

export interface HeraldStacks {
  data: DataStack;
  app: AppStack;
  /** Only when the app stack is outside us-east-1: CloudFront's web ACL, deployed before the app. */
  edgeFirewall?: EdgeFirewallStack;
  /** Only when the app stack is outside us-east-1: CloudFront's access-log delivery, deployed after it. */
  edgeLogs?: EdgeLogsStack;
}

/**
 * Herald's stacks: the stateful data stack and the app stack that depends on it. CloudFront's web
 * ACL and access-log delivery must be created in us-east-1: in the app stack when it is there (or
 * environment-agnostic, which then asserts us-east-1), else in two small us-east-1 stacks that
 * the app stack reaches through cross-region references.
 */
export function createHeraldStacks(scope: Stage, settings: DeploySettings): HeraldStacks {
  const env: Environment | undefined =
    settings.account || settings.region ? { account: settings.account, region: settings.region } : undefined;
  const prefix = settings.stackPrefix;
  const outsideEdgeRegion = settings.region !== undefined && settings.region !== EDGE_REGION;
  const edgeEnv: Environment = { account: settings.account, region: EDGE_REGION };

  const data = new DataStack(scope, `${prefix}-Data`, {
    env,
    description: 'Herald status page: table and token key (stateful, termination-protected)',
  });
  const edgeFirewall = outsideEdgeRegion
    ? new EdgeFirewallStack(scope, `${prefix}-EdgeFirewall`, {
        env: edgeEnv,
        description: `Herald status page: AWS WAF web ACL of the CloudFront distribution (for ${prefix}-App in ${settings.region})`,
      })
    : undefined;
  const app = new AppStack(scope, `${prefix}-App`, {
    env,
    crossRegionReferences: outsideEdgeRegion,
    description: 'Herald status page: API, site hosting, publisher, mailer, scheduler, alarms',
    settings,
    table: data.data.table,
    tokenSecret: data.data.tokenSecret,
    edgeWebAclArn: edgeFirewall?.firewall.webAcl.attrArn,
  });
  app.addStackDependency(data);
  const edgeLogs = outsideEdgeRegion
    ? new EdgeLogsStack(scope, `${prefix}-EdgeLogs`, {
        env: edgeEnv,
        description: `Herald status page: CloudFront access-log delivery (for ${prefix}-App in ${settings.region})`,
        distributionArn: app.hosting.distribution.distributionArn,
        bucket: app.hosting.logBucket,
      })
    : undefined;
  return { data, app, edgeFirewall, edgeLogs };
}
