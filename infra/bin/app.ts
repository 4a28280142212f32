// The CDK app: `npx cdk synth` / `npx cdk deploy --all` (cdk.json runs this file with tsx).
// Reads herald.config.json and CDK context (-c domainName=… -c certificateArn=… -c alarmEmail=…),
// and checks the result against cdk-nag's AwsSolutions rules: a violation fails the synth.
// Prints nothing when all is well (`cdk synth --quiet` shows only errors).
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { loadConfigFile, resolveSettings } from '../config';
import { createHeraldStacks } from '../stacks/herald';
import { silenceBundlingBanners } from './quiet-bundling';

silenceBundlingBanners();

const app = new App();
const configPath = app.node.tryGetContext('configPath') as string | undefined;
const settings = resolveSettings(loadConfigFile(configPath), (key) => app.node.tryGetContext(key));
createHeraldStacks(app, settings);
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
app.synth();
