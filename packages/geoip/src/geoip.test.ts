import { beforeAll, describe, expect, it } from 'vitest';
import { openGeoIp, type GeoIp } from './index';

describe('offline GeoIP from the pinned npm data packages', () => {
  let geo: GeoIp;
  beforeAll(async () => {
    geo = await openGeoIp();
  }, 60_000);

  it('knows ASN, country and location of well-known public addresses', () => {
    expect(geo.lookup('8.8.8.8')).toMatchObject({ asn: 15169, country: 'US' });
    expect(geo.lookup('1.1.1.1')).toMatchObject({ asn: 13335 });
    const uk = geo.lookup('81.2.69.160');
    expect(uk?.country).toBe('GB');
    expect(uk?.lat).toBeCloseTo(51.4, 0);
  });

  it('returns nothing for documentation and private ranges, and for non-IPs', () => {
    expect(geo.lookup('203.0.113.7')).toBeUndefined();
    expect(geo.lookup('10.1.2.3')).toBeUndefined();
    expect(geo.lookup('not-an-ip')).toBeUndefined();
  });

  it('looks up IPv6 (country at once, ASN once its table has loaded)', async () => {
    expect(geo.lookup('2001:4860:4860::8888')).toMatchObject({ country: 'US' });
    for (let i = 0; i < 50 && geo.lookup('2001:4860:4860::8844')?.asn === undefined; i++) {
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(geo.lookup('2001:4860:4860::8844')?.asn).toBe(15169);
  });
});
