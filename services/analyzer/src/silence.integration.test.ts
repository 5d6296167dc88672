import { describe, expect, it } from 'vitest';
import type { ClickHouse } from '@tokenwatch/clickhouse';
import { DAY, HOUR, T0, byTime, detectorSettings, spread } from '@tokenwatch/detectors';
import type { Alert, TokenEvent } from '@tokenwatch/schema';
import { withTestDatabase } from '@tokenwatch/testkit';
import { Analyzer } from './analyzer';
import { storesOf } from './consumer';

/** A week of daily seasonality (120 events in the 09:00 hour, 5 in the others), then silence. */
function busyWeek(): TokenEvent[] {
  const events: TokenEvent[] = [];
  for (let d = 0; d < 7; d++)
    for (let h = 0; h < 24; h++)
      events.push(
        ...spread(h === 9 ? 120 : 5, T0 + d * DAY + h * HOUR, HOUR, { token_id: 'tok-quiet', ip: '198.51.100.7' }),
      );
  return byTime(events);
}

describe('silence tick on real ClickHouse', () => {
  it('a token that goes silent gets its volume drop from the tick, stored and published once', async () => {
    await withTestDatabase(async (db: ClickHouse) => {
      const stores = storesOf(db);
      const settings = detectorSettings();
      let now = T0 + 7 * DAY;
      const published: Alert[] = [];
      const analyzer = new Analyzer({
        ...stores,
        settings,
        now: () => now,
        publish: (alerts) => {
          published.push(...alerts);
          return Promise.resolve();
        },
      });
      await stores.events.appendEvents(busyWeek());
      await analyzer.processBatch(busyWeek());
      const peak = T0 + 7 * DAY + 9 * HOUR;
      now = peak + HOUR + settings.allowedLatenessMs - 1;
      expect((await analyzer.checkSilence()).alerts).toEqual([]);
      now = peak + HOUR + settings.allowedLatenessMs;
      const { alerts, done } = await analyzer.checkSilence();
      await done;
      expect(alerts.map((a) => [a.detector, a.token_id, a.first_seen_at])).toEqual([
        ['volume_drop', 'tok-quiet', peak + HOUR],
      ]);
      expect(published.map((a) => a.alert_id)).toEqual([alerts[0]!.alert_id]);
      expect((await stores.alerts.getAlerts([alerts[0]!.alert_id])).map((a) => a.count)).toEqual([1]);
      // Within the same closed hour the tick does nothing more.
      expect((await analyzer.checkSilence()).alerts).toEqual([]);
    });
  });
});
