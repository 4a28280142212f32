// Serves the site bucket at `/` the way CloudFront will: directory paths to index.html, the
// stored Content-Type and Cache-Control, CORS on /api/v2/*, and the same security headers.
import { GetObjectCommand, NoSuchKey, type S3Client } from '@aws-sdk/client-s3';
import { Hono } from 'hono';

export interface SiteRoutesOptions {
  s3: S3Client;
  bucket: string;
}

/** The headers CloudFront's response headers policy adds (see infra/). */
export const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'",
  'strict-transport-security': 'max-age=63072000; includeSubDomains; preload',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'strict-origin-when-cross-origin',
};

export function objectKeyFor(path: string): string {
  const clean = decodeURIComponent(path).replace(/^\/+/, '');
  if (clean === '' || clean.endsWith('/')) return `${clean}index.html`;
  return /\.[a-z0-9]+$/i.test(clean) ? clean : `${clean}/index.html`;
}

export function siteRoutes({ s3, bucket }: SiteRoutesOptions) {
  const fetchObject = async (key: string) => {
    try {
      return await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    } catch (error) {
      if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') return null;
      throw error;
    }
  };

  return new Hono().on(['GET', 'HEAD'], '*', async (c) => {
    const path = c.req.path;
    if (path.includes('..')) return c.text('Not found', 404);
    const headers: Record<string, string> = { ...SECURITY_HEADERS };
    if (path.startsWith('/api/')) headers['access-control-allow-origin'] = '*';
    const found = await fetchObject(objectKeyFor(path));
    if (found?.Body) {
      const body = Buffer.from(await found.Body.transformToByteArray());
      return c.body(body, 200, {
        ...headers,
        'content-type': found.ContentType ?? 'application/octet-stream',
        'cache-control': found.CacheControl ?? 'no-cache',
      });
    }
    const notFound = await fetchObject('404.html');
    if (notFound?.Body) {
      return c.body(Buffer.from(await notFound.Body.transformToByteArray()), 404, { ...headers, 'content-type': 'text/html; charset=utf-8' });
    }
    if (objectKeyFor(path) === 'index.html') {
      return c.html(
        '<!doctype html><title>Herald</title><p>Herald is running. The status page appears here once the publisher has written it.</p>',
        200,
        headers,
      );
    }
    return c.text('Not found', 404, headers);
  });
}
