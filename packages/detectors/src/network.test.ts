import { describe, expect, it } from 'vitest';
import { cidrContains, distanceKm, parseCidr } from './index';

describe('network helpers', () => {
  it('parses CIDRs and tests containment for IPv4 and IPv6', () => {
    const v4 = parseCidr('10.0.0.0/8')!;
    expect(cidrContains(v4, '10.255.1.2')).toBe(true);
    expect(cidrContains(v4, '11.0.0.1')).toBe(false);
    expect(cidrContains(v4, '2001:db8::1')).toBe(false);
    const v6 = parseCidr('2001:db8::/32')!;
    expect(cidrContains(v6, '2001:db8:ffff::1')).toBe(true);
    expect(cidrContains(v6, '2001:db9::1')).toBe(false);
    expect(cidrContains(parseCidr('192.0.2.5')!, '192.0.2.5')).toBe(true);
    for (const bad of ['10.0.0.0/33', 'nope', '1.2.3/8', '10.0.0.0/x']) expect(parseCidr(bad)).toBeUndefined();
  });

  it('distance Amsterdam–New York is about 5,860 km', () => {
    expect(Math.round(distanceKm(52.37, 4.9, 40.71, -74.0))).toBe(5863);
  });
});
