// Deployment settings: herald.config.json (read once, validated, failing fast) plus CDK context.
// Context wins over the file so one checkout can deploy several pages:
//   npx cdk deploy --all -c domainName=status.example.com -c certificateArn=arn:aws:acm:us-east-1:…
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The repository root: where package.json, package-lock.json and herald.config.json live. */
export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** CloudFront's AWS WAF web ACLs and its standard-logging (v2) delivery sources exist only here. */
export const EDGE_REGION = 'us-east-1';

export const DEFAULT_CONFIG_PATH = fileURLToPath(new URL('../herald.config.json', import.meta.url));

/** The parts of herald.config.json the infrastructure reads. */
export interface HeraldConfigFile {
  page: { id: string; name: string; url: string };
  email: { from: string; responders: string[]; configuration_set: string };
  aws?: {
    region?: string | null;
    domain_name?: string | null;
    certificate_arn?: string | null;
    alarm_email?: string | null;
  };
}

/** Everything the stacks need, resolved from the config file and context. */
export interface DeploySettings {
  /** Prefix of the stack names (`<prefix>-Data`, `<prefix>-App`). */
  stackPrefix: string;
  /** Explicit deployment environment; both undefined means an environment-agnostic template. */
  account: string | undefined;
  region: string | undefined;
  pageName: string;
  /** RFC 5322 From header, e.g. `Herald Status <status@example.com>`. */
  mailFrom: string;
  /** The bare sender address and its domain, the SES identity mail is sent from. */
  mailFromAddress: string;
  mailDomain: string;
  configurationSetName: string;
  /** `existing`: the SES domain identity is verified outside this app (default); `create`: this app creates it. */
  sesIdentity: 'existing' | 'create';
  /** Custom domain for the page, with an ACM certificate in us-east-1; both or neither. */
  domainName: string | undefined;
  certificateArn: string | undefined;
  /** Optional Route 53 zone to create the page's alias records (and DKIM records) in. */
  hostedZoneId: string | undefined;
  hostedZoneName: string | undefined;
  alarmEmail: string | undefined;
  /**
   * Pins the origin-verify rotation (`-c originVerifyRotationId=…`, for a reproducible template);
   * unset, every synth draws a new one and every deploy rotates the secret.
   */
  originVerifyRotationId: string | undefined;
}

type ContextReader = (key: string) => unknown;

export function loadConfigFile(path: string = DEFAULT_CONFIG_PATH): HeraldConfigFile {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`Cannot read ${path}: ${(error as Error).message}`);
  }
  const config = raw as Partial<HeraldConfigFile>;
  if (!config.page?.name) throw new Error(`${path}: page.name is required`);
  if (!config.email?.from) throw new Error(`${path}: email.from is required`);
  if (!config.email.configuration_set) throw new Error(`${path}: email.configuration_set is required`);
  return config as HeraldConfigFile;
}

/** `Name <user@domain>` or `user@domain` → `user@domain`. */
export function parseAddress(from: string): string {
  const match = /<([^<>\s]+@[^<>\s]+)>\s*$/.exec(from) ?? /^\s*([^<>\s]+@[^<>\s]+)\s*$/.exec(from);
  if (!match?.[1]) throw new Error(`email.from is not an address: ${from}`);
  return match[1];
}

function text(readContext: ContextReader, key: string, fallback?: string | null): string | undefined {
  const value = readContext(key);
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  return fallback ?? undefined;
}

export function resolveSettings(config: HeraldConfigFile, readContext: ContextReader): DeploySettings {
  const mailFromAddress = parseAddress(config.email.from);
  const domainName = text(readContext, 'domainName', config.aws?.domain_name);
  const certificateArn = text(readContext, 'certificateArn', config.aws?.certificate_arn);
  if (Boolean(domainName) !== Boolean(certificateArn)) {
    throw new Error('domainName and certificateArn go together: set both (context or aws.* in herald.config.json) or neither');
  }
  if (certificateArn && !certificateArn.startsWith('arn:aws:acm:us-east-1:')) {
    throw new Error('certificateArn must be an ACM certificate in us-east-1 (CloudFront only reads certificates there)');
  }
  const sesIdentity = text(readContext, 'sesIdentity', 'existing');
  if (sesIdentity !== 'existing' && sesIdentity !== 'create') {
    throw new Error(`sesIdentity must be "existing" or "create", not "${sesIdentity}"`);
  }
  return {
    stackPrefix: text(readContext, 'stackPrefix', 'Herald')!,
    account: text(readContext, 'account'),
    region: text(readContext, 'region', config.aws?.region),
    pageName: config.page.name,
    mailFrom: config.email.from,
    mailFromAddress,
    mailDomain: mailFromAddress.slice(mailFromAddress.indexOf('@') + 1),
    configurationSetName: config.email.configuration_set,
    sesIdentity,
    domainName,
    certificateArn,
    hostedZoneId: text(readContext, 'hostedZoneId'),
    hostedZoneName: text(readContext, 'hostedZoneName'),
    alarmEmail: text(readContext, 'alarmEmail', config.aws?.alarm_email),
    originVerifyRotationId: text(readContext, 'originVerifyRotationId'),
  };
}
