import { CustomResource, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { LogLevel, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { REPO_ROOT } from '../config';

/** The header CloudFront adds to every request it forwards to the API (functions/api/origin-verify.ts). */
export const ORIGIN_VERIFY_HEADER = 'x-herald-origin-verify';

export interface OriginVerifySecretProps {
  /**
   * A value that differs on every deployment; each change rotates the secret.
   * @default a random UUID per synth (so every `cdk deploy` rotates)
   */
  rotationId?: string;
}

/**
 * The shared secret that proves a request came through the distribution: a Secrets Manager
 * secret holding `{"current": "…", "previous": "…"|null}`, rotated on every deployment by a
 * custom resource (infra/custom-resources/rotate-origin-verify.ts). `headerValue` is that
 * resource's `Current` attribute: a CloudFormation reference, so no value ever appears in the
 * synthesized template.
 */
export class OriginVerifySecret extends Construct {
  readonly secret: Secret;
  /** The current value, for CloudFront's custom origin header (a token resolving to Fn::GetAtt). */
  readonly headerValue: string;
  readonly rotation: CustomResource;

  constructor(scope: Construct, id: string, props: OriginVerifySecretProps = {}) {
    super(scope, id);

    this.secret = new Secret(this, 'Secret', {
      description: 'Herald: the x-herald-origin-verify value CloudFront sends to the API (rotated on every deploy)',
      // A valid first value, so that the API can parse the secret even before the first rotation.
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ previous: null }),
        generateStringKey: 'current',
        passwordLength: 48,
        excludePunctuation: true,
      },
      removalPolicy: RemovalPolicy.DESTROY,
    });
    Validations.of(this.secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Rotated on every deployment by the stack\'s own custom resource (the CloudFront origin header must ' +
        'change in the same deployment); a Secrets Manager rotation schedule could not update the distribution.',
    });

    // It runs once per deployment: a week of logs is enough to read a failed rotation.
    const logGroup = new LogGroup(this, 'RotateLogs', {
      retention: RetentionDays.ONE_WEEK,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const rotate = new NodejsFunction(this, 'Rotate', {
      entry: join(REPO_ROOT, 'infra/custom-resources/rotate-origin-verify.ts'),
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      description: 'Herald: rotates the origin-verify secret on every deployment',
      memorySize: 256,
      timeout: Duration.seconds(30),
      logGroup,
      bundling: {
        format: OutputFormat.CJS,
        target: 'node22',
        minify: true,
        sourceMap: false,
        bundleAwsSDK: true,
        externalModules: [],
        forceDockerBundling: false,
        logLevel: LogLevel.ERROR,
      },
    });
    rotate.addToRolePolicy(
      new PolicyStatement({
        actions: ['secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue'],
        resources: [this.secret.secretArn],
      }),
    );
    Validations.of(rotate).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Pinned to nodejs22.x like every Herald function: bundled with target node22 and tested on that ' +
        'major; a runtime upgrade is a deliberate change.',
    });
    Validations.of(rotate).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason:
        'AWSLambdaBasicExecutionRole only allows writing the function\'s own CloudWatch logs; the log group ' +
        'is created by this stack with a retention.',
    });

    this.rotation = new CustomResource(this, 'Rotation', {
      serviceToken: rotate.functionArn,
      resourceType: 'Custom::HeraldOriginVerifyRotation',
      properties: {
        SecretId: this.secret.secretArn,
        // Changes with every synth: CloudFormation sends an Update, the handler rotates.
        RotationId: props.rotationId ?? randomUUID(),
      },
    });
    this.headerValue = this.rotation.getAttString('Current');
  }
}
