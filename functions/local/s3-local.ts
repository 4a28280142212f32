// S3 stand-in: s3rver in-process, its objects kept under dataDir so they survive a restart.
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import type { S3ClientConfig } from '@aws-sdk/client-s3';
import { makeS3rverWritesAtomic } from './s3-atomic-writes';

export interface S3LocalOptions {
  /** 0 or undefined: pick a free port. */
  port?: number;
  dataDir: string;
  /** Buckets that must exist (created if missing, kept if present). */
  buckets?: string[];
}

export interface S3Local {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
type S3rverConstructor = new (options: {
  address: string;
  port: number;
  directory: string;
  silent: boolean;
  configureBuckets: Array<{ name: string }>;
}) => S3rverInstance;

const S3rver = createRequire(import.meta.url)('s3rver') as S3rverConstructor;

/** s3rver checks signatures against these credentials. */
export const localS3Credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

export async function startS3Local(opts: S3LocalOptions): Promise<S3Local> {
  makeS3rverWritesAtomic();
  const directory = resolve(opts.dataDir);
  await mkdir(directory, { recursive: true });
  const server = new S3rver({
    address: '127.0.0.1',
    port: opts.port ?? 0,
    directory,
    silent: true,
    configureBuckets: (opts.buckets ?? []).map((name) => ({ name })),
  });
  const { port } = await server.run();
  let stopping: Promise<void> | undefined;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    stop: () => (stopping ??= server.close()),
  };
}

/** S3Client settings for the stand-in: path-style URLs, its credentials, no default checksums. */
export function localS3ClientConfig(endpoint: string): S3ClientConfig {
  return {
    endpoint,
    region: 'us-east-1',
    credentials: localS3Credentials,
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  };
}
