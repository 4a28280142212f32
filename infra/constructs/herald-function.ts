import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { join } from 'node:path';
import { REPO_ROOT } from '../config';
import { HANDLER_BUNDLING, handlerEntry, type HandlerName } from './bundling';

export interface HeraldFunctionProps {
  /** Which entry point under functions/handlers/ this function runs. */
  handler: HandlerName;
  description: string;
  /** Variables beyond the common ones; grants add theirs through the bind* helpers. */
  environment?: Record<string, string>;
  /** @default 256 MB (arm64, so about a sixth of a vCPU) */
  memorySize?: number;
  /** @default 30 seconds */
  timeout?: Duration;
  /** @default one month */
  logRetention?: RetentionDays;
}

/**
 * One Herald Lambda function: Node.js 22 on arm64, bundled locally by the project's esbuild
 * (ESM, minified, source maps on), its own log group with a retention, and the environment
 * every handler expects. Permissions are added with the bind* helpers next to their variables.
 */
export class HeraldFunction extends NodejsFunction {
  /** The entry point this function runs (functions/handlers/<name>.ts). */
  readonly entryName: HandlerName;

  constructor(scope: Construct, id: string, props: HeraldFunctionProps) {
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    super(scope, id, {
      entry: join(REPO_ROOT, handlerEntry(props.handler)),
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      description: props.description,
      memorySize: props.memorySize ?? 256,
      timeout: props.timeout ?? Duration.seconds(30),
      logGroup,
      bundling: HANDLER_BUNDLING,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
    });
    this.entryName = props.handler;
    Validations.of(this).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Pinned to nodejs22.x on purpose: the handlers are bundled with target node22 and tested on the ' +
        'same major locally; a runtime upgrade is a deliberate change, not an automatic one.',
    });
    Validations.of(this).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason:
        'AWSLambdaBasicExecutionRole only allows writing the function\'s own CloudWatch logs; the log group ' +
        'is created by this stack with a retention.',
    });
  }
}
