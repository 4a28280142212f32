import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { HeraldData } from '../constructs/data';

export type DataStackProps = StackProps;

/**
 * The stateful stack: the table and the token key. Kept apart from everything else so that a
 * refactor of the app stack (a rename, a moved construct) can never replace them, and protected
 * against `cdk destroy`.
 */
export class DataStack extends Stack {
  readonly data: HeraldData;

  constructor(scope: Construct, id: string, props: DataStackProps = {}) {
    super(scope, id, { terminationProtection: true, ...props });
    this.data = new HeraldData(this, 'Data');
    new CfnOutput(this, 'TableName', {
      description: 'For `TABLE_NAME=<this> npm run keys -- create --name <responder>`',
      value: this.data.table.tableName,
    });
  }
}
