import { describe, expect, it } from 'vitest';
import type { Alert, Token } from '@tokenwatch/schema';
import { OffsetCommitter, type PartitionOffset } from './commits';
import { WritePipeline, type WriteTargets } from './writes';

const alert = (id: string, count = 1) => ({ alert_id: id, count }) as unknown as Alert;
const token = (id: string, updated_at: number) => ({ token_id: id, updated_at }) as unknown as Token;

/** Targets that log every call and complete only when the test releases them. */
function gatedTargets() {
  const log: string[] = [];
  const gates: (() => void)[] = [];
  let failNext: string | undefined;
  const call = (what: string) => {
    log.push(what);
    if (failNext && what.startsWith(failNext)) {
      failNext = undefined;
      return Promise.reject(new Error(`${what} failed`));
    }
    return new Promise<void>((resolve) => gates.push(resolve));
  };
  const targets: WriteTargets = {
    publish: (alerts) => call(`publish ${alerts.map((a) => `${a.alert_id}:${a.count}`).join(',')}`),
    putAlerts: (alerts) => call(`put ${alerts.map((a) => `${a.alert_id}:${a.count}`).join(',')}`),
    appendAudit: (entries) => call(`audit ${entries.length}`),
    upsertTokens: (tokens) => call(`tokens ${tokens.map((t) => `${t.token_id}@${t.updated_at}`).join(',')}`),
  };
  return {
    targets,
    log,
    failOn: (prefix: string) => (failNext = prefix),
    async release(): Promise<void> {
      await tick();
      for (const open of gates.splice(0)) open();
      await tick();
    },
  };
}

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

function track(done: Promise<void>): { state: string } {
  const t = { state: 'pending' };
  done.then(
    () => (t.state = 'done'),
    (e: Error) => (t.state = `failed: ${e.message}`),
  );
  return t;
}

describe('WritePipeline', () => {
  it('publishes a batch before storing it, and the next batch publishes while the first is being stored', async () => {
    const g = gatedTargets();
    const pipeline = new WritePipeline(g.targets);
    const first = track(pipeline.submit({ alerts: [alert('a')], audit: [], tokens: [] }));
    await g.release(); // publish a
    const second = track(pipeline.submit({ alerts: [alert('b')], audit: [], tokens: [] }));
    await tick();
    expect(g.log).toEqual(['publish a:1', 'put a:1', 'publish b:1']);
    expect([first.state, second.state]).toEqual(['pending', 'pending']);
    expect(pipeline.backlog).toBe(2);
    await g.release(); // put a, publish b
    expect(first.state).toBe('done');
    await g.release(); // put b
    expect(second.state).toBe('done');
    await pipeline.settled();
    expect(pipeline.backlog).toBe(0);
  });

  it('sends what queued up during a request as one request; a store write keeps the latest row per id', async () => {
    const g = gatedTargets();
    const pipeline = new WritePipeline(g.targets);
    const batches = [
      pipeline.submit({ alerts: [alert('a')], audit: [], tokens: [] }),
      pipeline.submit({ alerts: [alert('a', 2), alert('b')], audit: [], tokens: [token('t', 1)] }),
      pipeline.submit({ alerts: [alert('a', 3)], audit: [], tokens: [token('t', 2)] }),
    ].map(track);
    await g.release(); // publish a:1
    await g.release(); // put a:1, publish a:2,b:1,a:3
    await g.release(); // put a:3,b:1
    await g.release(); // tokens
    expect(g.log).toEqual(['publish a:1', 'put a:1', 'publish a:2,b:1,a:3', 'put a:3,b:1', 'tokens t@2']);
    expect(batches.map((b) => b.state)).toEqual(['done', 'done', 'done']);
  });

  it('after a failed write, no later batch is published or stored and all of them fail', async () => {
    const g = gatedTargets();
    const pipeline = new WritePipeline(g.targets);
    g.failOn('put');
    const first = track(pipeline.submit({ alerts: [alert('a')], audit: [], tokens: [] }));
    await g.release(); // publish a, put a fails
    const later = track(pipeline.submit({ alerts: [alert('b')], audit: [], tokens: [] }));
    await pipeline.settled();
    expect(g.log).toEqual(['publish a:1', 'put a:1']);
    expect(first.state).toBe('failed: put a:1 failed');
    expect(later.state).toBe('failed: put a:1 failed');
  });
});

describe('OffsetCommitter', () => {
  it('commits the newest offset per partition, coalescing while a commit is in flight', async () => {
    const sent: PartitionOffset[][] = [];
    const gates: (() => void)[] = [];
    const committer = new OffsetCommitter(
      (offsets) => {
        sent.push(offsets);
        return new Promise((resolve) => gates.push(resolve));
      },
      () => {},
    );
    committer.mark({ topic: 't', partition: 0, offset: '5' });
    committer.mark({ topic: 't', partition: 0, offset: '9' });
    committer.mark({ topic: 't', partition: 1, offset: '3' });
    committer.mark({ topic: 't', partition: 0, offset: '12' });
    const flushed = committer.flush();
    gates.shift()!();
    await tick();
    gates.shift()!();
    await flushed;
    expect(sent).toEqual([
      [{ topic: 't', partition: 0, offset: '5' }],
      [
        { topic: 't', partition: 0, offset: '12' },
        { topic: 't', partition: 1, offset: '3' },
      ],
    ]);
  });
});
