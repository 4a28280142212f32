import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { onError } from '#api/on-error';
import { ConfirmationCapError } from '#app/subscriptions/rate-limit';

describe('onError', () => {
  it('answers a rate-limit error from anywhere as 429 problem+json with its Retry-After', async () => {
    const app = new Hono();
    app.onError(onError);
    app.get('/busy', () => {
      throw new ConfirmationCapError(870);
    });

    const res = await app.request('/busy');

    expect(res.status).toBe(429);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.headers.get('retry-after')).toBe('870');
    expect(await res.json()).toMatchObject({ status: 429, detail: expect.stringContaining('870 s') });
  });
});
