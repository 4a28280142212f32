// The site bucket in S3: every file with its Content-Type and Cache-Control.
import { GetObjectCommand, ListObjectsCommand, NoSuchKey, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
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
      // Paged by Marker (the last key seen), which S3 and the local stand-in both follow; s3rver
      // cannot make ListObjectsV2's continuation tokens on Node 17+ (its cipher, DES, is gone).
      async list() {
        const etags = new Map<string, string>();
        let Marker: string | undefined;
        for (;;) {
          const page = await s3.send(new ListObjectsCommand({ Bucket: bucket, Marker }));
          const objects = page.Contents ?? [];
          for (const object of objects) if (object.Key !== undefined && object.ETag !== undefined) etags.set(object.Key, object.ETag);
          Marker = objects.at(-1)?.Key;
          if (page.IsTruncated !== true || Marker === undefined) return etags;
        }
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
