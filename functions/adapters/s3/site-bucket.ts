// The site bucket in S3: every file with its Content-Type and Cache-Control.
import { GetObjectCommand, ListObjectsV2Command, NoSuchKey, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { SiteBucket } from '#publisher/ports';

/** S3 client options for a fenced publisher: an upload that passed the lock's check must land
 * within the lock's margin (a quarter of the 60 s lease), so a request never runs longer. */
export const FENCED_UPLOADS = { requestHandler: { requestTimeout: 10_000, connectionTimeout: 3_000 } } as const;

export function s3SiteBucket(s3: S3Client, bucket: string): SiteBucket {
  return {
    async put(file) {
      const answer = await s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: file.path,
          Body: file.body,
          ContentType: file.contentType,
          CacheControl: file.cacheControl,
        }),
      );
      return { etag: answer.ETag };
    },
    contents: {
      async list() {
        const etags = new Map<string, string>();
        let ContinuationToken: string | undefined;
        do {
          const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken }));
          for (const object of page.Contents ?? []) if (object.Key !== undefined && object.ETag !== undefined) etags.set(object.Key, object.ETag);
          ContinuationToken = page.IsTruncated === true ? page.NextContinuationToken : undefined;
        } while (ContinuationToken !== undefined);
        return etags;
      },
      async read(path) {
        try {
          const answer = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: path }));
          return (await answer.Body?.transformToByteArray()) ?? null;
        } catch (error) {
          if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') return null;
          throw error;
        }
      },
    },
  };
}
