import { afterEach, describe, expect, it } from 'vitest';
import { createFetcher, retryAfterMs } from '../../cli/import/fetcher';
import { startFakeStatuspage, type FakeStatuspage } from '../support/fake-statuspage';
import { PAGE_ID, aSubscriber } from '../support/statuspage-fixtures';

let fake: FakeStatuspage | undefined;
afterEach(() => fake?.close());

/** A clock that only moves when the fetcher sleeps: waits are recorded, never really taken. */
function virtualTime() {
  let now = 0;
  const sleeps: number[] = [];
  return { now: () => now, sleep: async (ms: number) => void (sleeps.push(ms), (now += ms)), sleeps };
}

describe('createFetcher', () => {
  it('starts requests at most once per interval', async () => {
    fake = await startFakeStatuspage({ groups: [], components: [], incidents: [], templates: [], subscribers: [] });
    const time = virtualTime();
    const fetcher = createFetcher({ baseUrl: fake.url, headers: { authorization: `OAuth ${fake.key}` }, minIntervalMs: 1000, ...time });
    for (let i = 0; i < 3; i++) await fetcher.get(`/pages/${PAGE_ID}/components`);
    expect(time.sleeps).toEqual([1000, 1000]);
  });

  it('follows pages from 0 for subscribers, honours 429 with Retry-After, and retries a dropped connection', async () => {
    const subscribers = Array.from({ length: 5 }, () => aSubscriber());
    fake = await startFakeStatuspage({ groups: [], components: [], incidents: [], templates: [], subscribers });
    fake.failNext('&page=1&', { kind: '429', retryAfter: '7' });
    fake.failNext('&page=2&', { kind: 'drop' });
    const time = virtualTime();
    const waits: string[] = [];
    const fetcher = createFetcher({ baseUrl: fake.url, headers: { authorization: `OAuth ${fake.key}` }, minIntervalMs: 0, ...time, onWait: (reason) => waits.push(reason) });
    const all = await fetcher.all(`/pages/${PAGE_ID}/subscribers`, { firstPage: 0, perPage: 2, query: { type: 'email', state: 'all' } });
    expect(all).toEqual(subscribers);
    expect(fake.requests.map((r) => new URL(r, 'http://x').searchParams.get('page'))).toEqual(['0', '1', '1', '2', '2']);
    expect(time.sleeps[0]).toBe(7000);
    expect(waits[0]).toBe('rate limited (429)');
    expect(waits[1]).toMatch(/connection failed|not whole JSON/);
  });

  it('gives up on a source that keeps failing, naming the path', async () => {
    fake = await startFakeStatuspage({ groups: [], components: [], incidents: [], templates: [], subscribers: [] });
    for (let i = 0; i < 3; i++) fake.failNext('components', { kind: '500' });
    const time = virtualTime();
    const fetcher = createFetcher({ baseUrl: fake.url, attempts: 3, minIntervalMs: 0, ...time });
    await expect(fetcher.get(`/pages/${PAGE_ID}/components`)).rejects.toThrow(/components: gave up after 3 tries \(500/);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(retryAfterMs('2', 0)).toBe(2000);
    expect(retryAfterMs('Thu, 01 Jan 1970 00:00:05 GMT', 1000)).toBe(4000);
    expect(retryAfterMs('soon', 0)).toBeNull();
  });
});
