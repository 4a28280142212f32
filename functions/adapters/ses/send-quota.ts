// GetSendQuota's MaxSendRate (messages a second), or null when SES does not answer in time (the
// local SES stand-in does not implement GetSendQuota; its request never completes).
import { GetSendQuotaCommand, type SESClient } from '@aws-sdk/client-ses';

export async function readMaxSendRate(client: SESClient, timeoutMs = 3_000): Promise<number | null> {
  try {
    const out = await client.send(new GetSendQuotaCommand({}), { abortSignal: AbortSignal.timeout(timeoutMs) });
    return typeof out.MaxSendRate === 'number' && out.MaxSendRate > 0 ? out.MaxSendRate : null;
  } catch {
    return null;
  }
}
