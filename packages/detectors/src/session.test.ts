import { describe, expect, it } from 'vitest';
import type { TokenEvent } from '@tokenwatch/schema';
import { DAY, HOUR, MIN, T0, byTime, detectorSettings, replay, spread, tokenEvent, type Geo } from './index';

const settings = detectorSettings();
const places: Record<string, Geo> = {
  '198.51.100.10': { asn: 64500, country: 'NL', lat: 52.37, lon: 4.9 },
  '192.0.2.20': { asn: 64501, country: 'DE', lat: 52.52, lon: 13.4 },
  '203.0.113.7': { asn: 64502, country: 'US', lat: 40.71, lon: -74.0 },
  '203.0.114.9': { asn: 16509, country: 'US', lat: 39.0, lon: -77.5 },
  '198.18.0.1': { asn: 64503, country: 'NL', lat: 51.92, lon: 4.48 },
};
const run = (events: TokenEvent[]) =>
  replay(byTime(events), { settings, now: () => T0, geo: (ip) => places[ip] }).alerts;
const only = (events: TokenEvent[], detector: string) => run(events).filter((a) => a.detector === detector);
const base = T0 + 8 * DAY;
const history = () => spread(8 * 24, T0, 8 * DAY, { ip: '198.51.100.10' });
const uses = (ips: string[], step: number) => ips.map((ip, i) => tokenEvent({ at: base + i * step, ip }));

describe('concurrent_use', () => {
  it('interleaved IPs within minutes (A B A B) raise one high alert', () => {
    const alerts = only(
      [...history(), ...uses(['198.51.100.10', '192.0.2.20', '198.51.100.10', '192.0.2.20'], 2 * MIN)],
      'concurrent_use',
    );
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ severity: 'high', count: 2 });
    expect(alerts[0]!.explanation).toContain('198.51.100.10, 192.0.2.20');
  });

  it('one change of IP (A A B B) is no concurrent use', () => {
    expect(
      only(
        [...history(), ...uses(['198.51.100.10', '198.51.100.10', '192.0.2.20', '192.0.2.20'], 2 * MIN)],
        'concurrent_use',
      ),
    ).toEqual([]);
  });

  it('alternation spread over hours is no concurrent use', () => {
    expect(
      only(
        [...history(), ...uses(['198.51.100.10', '192.0.2.20', '198.51.100.10', '192.0.2.20'], 3 * HOUR)],
        'concurrent_use',
      ),
    ).toEqual([]);
  });
});

describe('impossible_travel', () => {
  it('Amsterdam then New York 30 minutes later is impossible', () => {
    const alerts = only([...history(), ...uses(['198.51.100.10', '203.0.113.7'], 30 * MIN)], 'impossible_travel');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.evidence.values).toMatchObject({ distance_km: 5863 });
    expect(alerts[0]!.explanation).toMatch(/5863 km apart/);
  });

  it('a short distance (Amsterdam, Rotterdam 1 min later) or a plausible speed is possible', () => {
    expect(only([...history(), ...uses(['198.51.100.10', '198.18.0.1'], MIN)], 'impossible_travel')).toEqual([]);
    expect(only([...history(), ...uses(['198.51.100.10', '192.0.2.20'], 2 * HOUR)], 'impossible_travel')).toEqual([]);
    expect(only([...history(), ...uses(['198.51.100.10', '203.0.113.7'], 20 * HOUR)], 'impossible_travel')).toEqual([]);
  });

  it('a use from an excluded cloud network (AS16509) is not judged', () => {
    expect(only([...history(), ...uses(['198.51.100.10', '203.0.114.9'], 30 * MIN)], 'impossible_travel')).toEqual([]);
  });
});
