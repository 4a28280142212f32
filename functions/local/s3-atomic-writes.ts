// s3rver writes an object straight into its final file and answers before the write is flushed,
// so a reader can meet half a page (or wait on it until its socket gives up). Real S3 replaces an
// object atomically; this patch gives the stand-in the same behaviour: the whole body is written
// to a temporary file, its metadata stored, then the file renamed over the object.
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type { Readable } from 'node:stream';

interface StoredObject {
  bucket: string;
  key: string;
  metadata: Record<string, string>;
  content: Buffer | Readable;
}

interface FilesystemStore {
  getResourcePath(bucket: string, key: string, resource: string): string;
  putMetadata(bucket: string, key: string, metadata: Record<string, string>, md5: string): Promise<void>;
  putObject(object: StoredObject): Promise<{ size: number; md5: string }>;
}

let patched = false;

export function makeS3rverWritesAtomic(): void {
  if (patched) return;
  patched = true;
  const Store = createRequire(import.meta.url)('s3rver/lib/stores/filesystem') as { prototype: FilesystemStore };
  Store.prototype.putObject = async function putObject(this: FilesystemStore, object: StoredObject) {
    const body = Buffer.isBuffer(object.content) ? object.content : await readAll(object.content);
    const md5 = createHash('md5').update(body).digest('hex');
    const target = this.getResourcePath(object.bucket, object.key, 'object');
    await mkdir(dirname(target), { recursive: true });
    const temp = `${target}.${randomUUID()}.tmp`;
    await writeFile(temp, body);
    await this.putMetadata(object.bucket, object.key, object.metadata, md5);
    await rename(temp, target);
    return { size: body.length, md5 };
  };
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}
