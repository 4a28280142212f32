// An SDK SES client whose requests are kept and answered at once, as SES answers a send (the
// request handler never reaches the network): the request the SDK's SendRawEmailCommand makes.
import { Readable } from 'node:stream';
import { SESClient } from '@aws-sdk/client-ses';

export interface CapturedRequest {
  method: string;
  protocol: string;
  hostname: string;
  port?: number;
  path: string;
  headers: Record<string, string>;
  body: string;
}

export type SesCredentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

/** Every send answers MessageId `sdk-1`. */
export function capturingSesClient(credentials: SesCredentials, region: string, endpoint?: string) {
  const captured: CapturedRequest[] = [];
  const answer = Buffer.from(
    '<SendRawEmailResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><SendRawEmailResult><MessageId>sdk-1</MessageId></SendRawEmailResult>' +
      '<ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></SendRawEmailResponse>',
  );
  const client = new SESClient({
    region,
    credentials,
    maxAttempts: 1,
    ...(endpoint ? { endpoint } : {}),
    requestHandler: {
      handle: async (request: CapturedRequest) => {
        captured.push({ ...request, headers: { ...request.headers }, body: String(request.body) });
        return { response: { statusCode: 200, headers: { 'content-type': 'text/xml' }, body: Readable.from([answer]) } };
      },
    } as never,
  });
  return { client, captured };
}
