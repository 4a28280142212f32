// Region and credentials every SDK client of the local stack uses. The emulators accept any
// signature (DynamoDB Local runs with -sharedDb so credentials do not partition its data).

export const localAwsRegion = 'us-east-1';

export const localAwsCredentials = {
  accessKeyId: 'local',
  secretAccessKey: 'local',
} as const;
