// SES's sending limits for the local stand-in: an account's maximum send rate (MaxSendRate,
// messages a second) and daily quota (Max24HourSend over a rolling 24 hours), enforced in front
// of the stand-in the way SES enforces them, and GetSendQuota answered with them.
//
// What SES answers (SES API v1, the query protocol the mailer's SendRawEmail uses):
//   - over the rate: HTTP 400, `<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code>
//     <Message>Maximum sending rate exceeded.</Message></Error><RequestId>…</RequestId></ErrorResponse>`
//     (as quoted from SES in awsdocs/amazon-ses-developer-guide#60);
//   - over the daily quota: the same code with "Daily message quota exceeded.";
//   - GetSendQuota: `GetSendQuotaResult` {Max24HourSend, MaxSendRate, SentLast24Hours} (doubles;
//     Max24HourSend -1 means no daily limit).
// Limits count recipients, not requests (a mail to five counts five), as SES's do. The rate is a
// bucket holding one second of sends (MaxSendRate tokens) refilled continuously: a sender pacing
// at the rate is never refused, one that bursts past a second's worth is. A refused send is not
// sent and takes nothing from the bucket; SentLast24Hours counts the recipients of the sends let
// through to the stand-in.
import { randomUUID } from 'node:crypto';

export interface SesLimits {
  /** Messages (recipients) a second; Infinity: not enforced (GetSendQuota still answers it). */
  maxSendRate: number;
  /** Recipients per rolling 24 hours; -1 or undefined: no daily limit. */
  max24HourSend?: number;
  /** Milliseconds, monotonic; performance.now by default (tests pass their own clock). */
  now?: () => number;
}

export interface SesAnswer {
  status: number;
  body: string;
}

export interface SesRateLimit {
  /**
   * What SES would answer instead of the stand-in for this request (a throttled send, or
   * GetSendQuota), or null to pass it on. A send that passes has taken its share of the limits.
   */
  answer(path: string, body: Buffer): SesAnswer | null;
  /** Throttling answers given so far. */
  readonly throttled: number;
  /** Recipients admitted in the last 24 hours. */
  sentLast24Hours(): number;
}

const XMLNS = 'http://ses.amazonaws.com/doc/2010-12-01/';
const DAY_MS = 24 * 60 * 60_000;

export function createSesRateLimit(limits: SesLimits): SesRateLimit {
  const now = limits.now ?? (() => performance.now());
  const rate = limits.maxSendRate;
  const capacity = Math.max(1, rate);
  const daily = limits.max24HourSend ?? -1;
  let tokens = capacity;
  let refilledAt = now();
  let throttled = 0;
  /** Admitted recipients per second, oldest first: [second start ms, count]. */
  const window: Array<[number, number]> = [];
  let windowTotal = 0;

  const prune = (at: number) => {
    while (window.length > 0 && window[0]![0] <= at - DAY_MS) windowTotal -= window.shift()![1];
  };
  const sentLast24Hours = () => {
    prune(now());
    return windowTotal;
  };
  const admit = (count: number): string | null => {
    const at = now();
    if (daily >= 0 && sentLast24Hours() + count > daily) return 'Daily message quota exceeded.';
    if (Number.isFinite(rate)) {
      tokens = Math.min(capacity, tokens + ((at - refilledAt) / 1000) * rate);
      refilledAt = at;
      // As SES: a send to several recipients goes through while a send is left in this second,
      // and the sends after it are refused until the bucket has refilled past the debt.
      if (tokens < 1) return 'Maximum sending rate exceeded.';
      tokens -= count;
    }
    const second = Math.floor(at / 1000) * 1000;
    const last = window.at(-1);
    if (last && last[0] === second) last[1] += count;
    else window.push([second, count]);
    windowTotal += count;
    return null;
  };

  return {
    get throttled() {
      return throttled;
    },
    sentLast24Hours,
    answer(path, body) {
      if (path !== '/' && path !== '') return null;
      const params = new URLSearchParams(body.toString('utf8'));
      const action = params.get('Action');
      if (action === 'GetSendQuota') {
        return { status: 200, body: quotaXml(daily, rate, sentLast24Hours()) };
      }
      if (action !== 'SendRawEmail' && action !== 'SendEmail') return null;
      const refusal = admit(recipients(params));
      if (refusal === null) return null;
      throttled++;
      return { status: 400, body: throttlingXml(refusal) };
    },
  };
}

/** Recipients of a v1 send: its Destinations, or for SendEmail its To, Cc and Bcc; at least 1. */
function recipients(params: URLSearchParams): number {
  let count = 0;
  for (const key of params.keys()) {
    if (/^(Destinations|Destination\.(To|Cc|Bcc)Addresses)\.member\.\d+$/.test(key)) count++;
  }
  return Math.max(1, count);
}

const double = (n: number) => (Number.isInteger(n) ? n.toFixed(1) : String(n));

function quotaXml(max24HourSend: number, maxSendRate: number, sent: number): string {
  // An unenforced rate is reported as a large finite one: the SDK parses a double.
  const rate = Number.isFinite(maxSendRate) ? maxSendRate : 1_000_000;
  return (
    `<GetSendQuotaResponse xmlns="${XMLNS}">\n` +
    `  <GetSendQuotaResult>\n` +
    `    <SentLast24Hours>${double(sent)}</SentLast24Hours>\n` +
    `    <Max24HourSend>${double(max24HourSend)}</Max24HourSend>\n` +
    `    <MaxSendRate>${double(rate)}</MaxSendRate>\n` +
    `  </GetSendQuotaResult>\n` +
    `  <ResponseMetadata>\n    <RequestId>${randomUUID()}</RequestId>\n  </ResponseMetadata>\n` +
    `</GetSendQuotaResponse>\n`
  );
}

function throttlingXml(message: string): string {
  return (
    `<ErrorResponse xmlns="${XMLNS}">\n` +
    `  <Error>\n    <Type>Sender</Type>\n    <Code>Throttling</Code>\n    <Message>${message}</Message>\n  </Error>\n` +
    `  <RequestId>${randomUUID()}</RequestId>\n` +
    `</ErrorResponse>\n`
  );
}
