// The site bucket in S3: every file with its Content-Type and Cache-Control.
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { SiteBucket } from '#publisher/ports';

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
