import { describe, expect, it } from 'vitest';
import { INCIDENT_ID_PATTERN, incidentIdBase, incidentIdCandidate } from '#core/incident-id';

describe('incidentIdBase', () => {
  it.each([
    ['2024-03-07T09:05:00.000Z', 'INC-20240307-0905'],
    ['2024-03-07T09:05:59.999Z', 'INC-20240307-0905'],
    ['2024-12-31T23:59:30Z', 'INC-20241231-2359'],
    ['2025-01-01T00:00:00Z', 'INC-20250101-0000'],
    ['2024-02-29T12:00:00Z', 'INC-20240229-1200'],
    ['2024-03-07T01:05:00+02:00', 'INC-20240306-2305'],
    ['2024-03-06T22:30:00-05:00', 'INC-20240307-0330'],
  ])('makes %s into %s (UTC)', (at, id) => {
    expect(incidentIdBase(at)).toBe(id);
  });

  it.each(['', 'yesterday', '2024-13-45T99:00:00Z'])('refuses %j', (at) => {
    expect(() => incidentIdBase(at)).toThrow(RangeError);
  });
});

describe('incidentIdCandidate', () => {
  const base = 'INC-20240307-0905';

  it.each([
    [1, 'INC-20240307-0905'],
    [2, 'INC-20240307-0905-2'],
    [3, 'INC-20240307-0905-3'],
    [10, 'INC-20240307-0905-10'],
    [123, 'INC-20240307-0905-123'],
  ])('gives attempt %d the id %s', (attempt, id) => {
    expect(incidentIdCandidate(base, attempt)).toBe(id);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses attempt %d', (attempt) => {
    expect(() => incidentIdCandidate(base, attempt)).toThrow(RangeError);
  });

  it('makes ids that all match the pattern and differ from each other', () => {
    const ids = Array.from({ length: 25 }, (_, i) => incidentIdCandidate(base, i + 1));

    expect(ids.every((id) => INCIDENT_ID_PATTERN.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(25);
  });
});

describe('INCIDENT_ID_PATTERN', () => {
  it.each(['INC-20240307-0905', 'INC-20240307-0905-2', 'INC-20240307-0905-9', 'INC-20240307-0905-10', 'INC-20240307-0905-101'])(
    'matches %s',
    (id) => {
      expect(INCIDENT_ID_PATTERN.test(id)).toBe(true);
    },
  );

  it.each([
    'INC-2024037-0905',
    'INC-20240307-905',
    'inc-20240307-0905',
    'INC-20240307-0905-',
    'INC-20240307-0905-1',
    'INC-20240307-0905-0',
    'INC-20240307-0905-02',
    'INC-20240307-0905-2a',
    'xINC-20240307-0905',
    'INC-20240307-0905/../x',
    'INC-20240307-0905\n',
  ])('does not match %j', (id) => {
    expect(INCIDENT_ID_PATTERN.test(id)).toBe(false);
  });
});
