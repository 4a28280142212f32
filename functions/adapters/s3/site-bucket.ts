// The site bucket in S3: every file with its Content-Type and Cache-Control.
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { SiteBucket } from '#publisher/ports';

/** S3 client options for a fenced publisher: an upload that passed the lock's check must land
 * within the lock's margin (a quarter of the 60 s lease), so a request never runs longer. */
export const FENCED_UPLOADS = { requestHandler: { requestTimeout: 10_000, connectionTimeout: 3_000 } } as const;

export function s3SiteBucket(s3: S3Client, bucket: string): SiteBucket {
  return {
    async put(file) {
      await s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: file.path,
          Body: file.body,
          ContentType: file.contentType,
          CacheControl: file.cacheControl,
        }),
      );
    },
  };
}
