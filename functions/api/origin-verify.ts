// Proof that a request came through the CloudFront distribution: CloudFront adds a secret header
// (x-herald-origin-verify) to every request it forwards to the API, and only such requests may
// speak for the viewer (CloudFront-Viewer-Address). The secret is rotated on every deploy, and the
// distribution picks up the new value some time after the secret changes, so both the current and
// the previous value are accepted while the rotation settles.
import { createHash, timingSafeEqual } from 'node:crypto';

export const ORIGIN_VERIFY_HEADER = 'x-herald-origin-verify';

/** The secret's two live values (Secrets Manager SecretString: `{"current": "…", "previous": "…"|null}`). */
export interface OriginSecret {
  current: string;
  previous: string | null;
}

/** Reads the secret where it is kept (Secrets Manager on AWS; a constant in tests). */
export type OriginSecretSource = () => Promise<OriginSecret>;

/** Whether a presented header value is one of the secret's live values. */
export type OriginVerifier = (presented: string) => Promise<boolean>;

export interface OriginVerifierOptions {
  secret: OriginSecretSource;
  /** Epoch milliseconds (the app's injected clock). */
  now: () => number;
  /** How long a read of the secret is trusted. */
  ttlMs?: number;
  /** A mismatch re-reads the secret (it may have just rotated), but not more often than this, so
   *  that a caller sending wrong values cannot turn each request into a Secrets Manager read. */
  minRefreshMs?: number;
  /** Told when the secret cannot be read (the header is then not trusted). */
  onError?: (error: Error) => void;
}

interface Snapshot {
  digests: Buffer[];
  readAt: number;
}

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

export function createOriginVerifier({
  secret,
  now,
  ttlMs = 60_000,
  minRefreshMs = 5_000,
  onError = (error) => console.error(JSON.stringify({ level: 'error', message: `origin-verify secret unreadable: ${error.message}` })),
}: OriginVerifierOptions): OriginVerifier {
  let snapshot: Snapshot | null = null;
  let reading: Promise<Snapshot> | null = null;

  const read = (): Promise<Snapshot> => {
    reading ??= secret()
      .then((value) => ({ digests: liveValues(value).map(digest), readAt: now() }))
      .catch((error: Error) => {
        onError(error);
        return { digests: [], readAt: now() };
      })
      .then((fresh) => {
        snapshot = fresh;
        reading = null;
        return fresh;
      });
    return reading;
  };

  // Digests have one length, so timingSafeEqual applies and the comparison leaks nothing.
  const matches = (held: Snapshot, presented: Buffer) => held.digests.some((d) => timingSafeEqual(d, presented));

  return async (value) => {
    if (!value) return false;
    const presented = digest(value);
    let held = snapshot && now() - snapshot.readAt < ttlMs ? snapshot : await read();
    if (matches(held, presented)) return true;
    if (now() - held.readAt < minRefreshMs) return false;
    held = await read();
    return matches(held, presented);
  };
}

function liveValues(value: OriginSecret): string[] {
  if (typeof value?.current !== 'string' || value.current === '') throw new Error('the secret has no "current" value');
  return typeof value.previous === 'string' && value.previous !== '' ? [value.current, value.previous] : [value.current];
}
