// AWS Signature Version 4 for one request whose whole body is in memory (ses-raw-sender.ts's
// SendRawEmail): the canonical request, the string to sign and the signature, as the SDK's signer
// (@smithy/signature-v4) makes them for the same request; test/mailer/ses-raw-sender.test.ts
// compares the two. The signing key is derived once per secret, day, region and service.
import { createHash, createHmac } from 'node:crypto';

export interface SigningCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface RequestToSign {
  method: string;
  /** Path as sent (already URI-encoded), e.g. `/`. */
  path: string;
  /** Header names in lower case; every one given is signed. */
  headers: Record<string, string>;
  body: Buffer | string;
  region: string;
  service: string;
  credentials: SigningCredentials;
  /** The request's time (x-amz-date is set from it). */
  at: Date;
}

const ALGORITHM = 'AWS4-HMAC-SHA256';

/** `YYYYMMDDTHHMMSSZ` */
export const amzDate = (at: Date) => at.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

let cachedKey: { id: string; key: Buffer } | undefined;

function signingKey(secret: string, day: string, region: string, service: string): Buffer {
  const id = `${secret}\n${day}\n${region}\n${service}`;
  if (cachedKey?.id === id) return cachedKey.key;
  const dateKey = createHmac('sha256', `AWS4${secret}`).update(day).digest();
  const regionKey = createHmac('sha256', dateKey).update(region).digest();
  const serviceKey = createHmac('sha256', regionKey).update(service).digest();
  const key = createHmac('sha256', serviceKey).update('aws4_request').digest();
  cachedKey = { id, key };
  return key;
}

/**
 * The path as SigV4 signs it for every service but S3 (the SDK's getCanonicalPath): empty, `.` and
 * `..` segments resolved, then URI-encoded again (the sent path is already encoded), `/` kept.
 * A custom endpoint's path such as `/a%20b/` or `/a//b/` is signed as SES checks it.
 */
export function canonicalPath(path: string): string {
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const normalized = `${path.startsWith('/') ? '/' : ''}${segments.join('/')}${segments.length > 0 && path.endsWith('/') ? '/' : ''}`;
  return encodeURIComponent(normalized)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%2F/g, '/');
}

/**
 * The request's headers with x-amz-date, x-amz-security-token (with a session token) and
 * authorization added, all but authorization signed.
 */
export function signRequest(request: RequestToSign): Record<string, string> {
  const date = amzDate(request.at);
  const day = date.slice(0, 8);
  const headers: Record<string, string> = { ...request.headers, 'x-amz-date': date };
  if (request.credentials.sessionToken) headers['x-amz-security-token'] = request.credentials.sessionToken;
  const names = Object.keys(headers)
    .map((name) => name.toLowerCase())
    .sort();
  const lower = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  const canonicalHeaders = names.map((name) => `${name}:${lower[name]!.trim().replace(/\s+/g, ' ')}\n`).join('');
  const signedHeaders = names.join(';');
  const payloadHash = createHash('sha256').update(request.body).digest('hex');
  const canonicalRequest = `${request.method}\n${canonicalPath(request.path)}\n\n${canonicalHeaders}\n${signedHeaders}\n${payloadHash}`;
  const scope = `${day}/${request.region}/${request.service}/aws4_request`;
  const stringToSign = `${ALGORITHM}\n${date}\n${scope}\n${createHash('sha256').update(canonicalRequest).digest('hex')}`;
  const signature = createHmac('sha256', signingKey(request.credentials.secretAccessKey, day, request.region, request.service))
    .update(stringToSign)
    .digest('hex');
  headers.authorization = `${ALGORITHM} Credential=${request.credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return headers;
}
