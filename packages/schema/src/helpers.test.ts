import { describe, expect, it } from 'vitest';
import { RAW_MAX_BYTES, eventIdFromRaw, networkOf, normaliseIp, truncateRaw } from './index';

describe('normaliseIp', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    [' 203.0.113.7 ', '203.0.113.7'],
    ['2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
    ['[2001:db8::1]', '2001:db8::1'],
    ['fe80::1%eth0', 'fe80::1'],
    ['::ffff:198.51.100.4', '198.51.100.4'],
    ['::1', '::1'],
  ])('%s → %s', (input, expected) => {
    expect(normaliseIp(input)).toBe(expected);
  });

  it.each(['iam.amazonaws.com', '', '999.1.1.1', '1.2.3', '010.1.2.3', 'AWS Internal', '2001:db8::g'])(
    'rejects %j',
    (input) => {
      expect(normaliseIp(input)).toBeUndefined();
    },
  );
});

describe('eventIdFromRaw', () => {
  it('never changes for a given record: stored ids dedup re-deliveries across versions', () => {
    const record = { eventType: 'login', n: [1, { z: null, a: 'é\u2028' }], u: undefined, x: 1.5 };
    expect(eventIdFromRaw('tableau_cloud', record)).toBe('tableau_cloud:f808f9c6297c0f5764d2cd269b916ba4');
  });

  it('is the same for the same record in any key order, and differs otherwise', () => {
    const a = eventIdFromRaw('tableau_cloud', { b: 1, a: { y: [1, 2], x: 'z' } });
    const b = eventIdFromRaw('tableau_cloud', { a: { x: 'z', y: [1, 2] }, b: 1 });
    expect(a).toBe(b);
    expect(a).toMatch(/^tableau_cloud:[0-9a-f]{32}$/);
    expect(eventIdFromRaw('tableau_cloud', { b: 2, a: { y: [1, 2], x: 'z' } })).not.toBe(a);
    expect(eventIdFromRaw('tableau_server', { b: 1, a: { y: [1, 2], x: 'z' } })).not.toBe(a);
  });
});

describe('truncateRaw', () => {
  it('keeps short text and cuts long text to the cap on a character boundary', () => {
    expect(truncateRaw('{"a":1}')).toBe('{"a":1}');
    const long = '🔑'.repeat(RAW_MAX_BYTES);
    const cut = truncateRaw(long);
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(RAW_MAX_BYTES);
    expect(cut.endsWith('…[truncated]')).toBe(true);
    expect(cut).not.toContain('\uFFFD');
  });
});

describe('networkOf', () => {
  it.each([
    ['203.0.113.77', 24, 64, '203.0.113.0/24'],
    ['203.0.113.77', 16, 64, '203.0.0.0/16'],
    ['10.1.2.3', 32, 64, '10.1.2.3/32'],
    ['2001:db8:1:2:3:4:5:6', 24, 64, '2001:db8:1:2::/64'],
    ['2001:db8:1:2:3:4:5:6', 24, 48, '2001:db8:1::/48'],
    ['2001:db8:1:ffff::1', 24, 52, '2001:db8:1:f000::/52'],
    ['::1', 24, 64, '::/64'],
  ])('%s (/%d, /%d) → %s', (ip, v4, v6, expected) => {
    expect(networkOf(ip, v4, v6)).toBe(expected);
  });
  it.each([
    ['0.0.0.0', '0.0.0.0/24'],
    ['1.2.3.4', '1.2.3.0/24'],
    ['255.255.255.255', '255.255.255.0/24'],
  ])('%s → %s by default', (ip, expected) => expect(networkOf(ip)).toBe(expected));
  it('returns "" for a non-IP', () => {
    expect(networkOf('iam.amazonaws.com')).toBe('');
  });
});
