// Region and credentials of every SDK client that talks to the local emulators in tests.
import { localAwsCredentials, localAwsRegion } from '#local/local-aws';

export const localRegion = localAwsRegion;
export const localCredentials = localAwsCredentials;

export const localAws = {
  region: localAwsRegion,
  credentials: { ...localAwsCredentials },
};
