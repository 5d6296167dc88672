import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signatureHeader, verifySignature } from './index';
import { TestReceiver } from './testing/receiver';

const SECRET = 'whsec_0123456789abcdef';
const receiver = new TestReceiver({ '/hook': SECRET });
beforeAll(() => receiver.start());
afterAll(() => receiver.stop());

async function post(body: string, header: string): Promise<number> {
  const response = await fetch(receiver.url('/hook'), {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'tokenwatch-signature': header,
      'idempotency-key': 'k-' + body.length,
    },
    body,
  });
  await response.text();
  return response.status;
}

describe('signature checked by a real HTTP receiver with the documented code', () => {
  const now = () => Math.floor(Date.now() / 1000);
  const body = JSON.stringify({ type: 'alert.raised', alert: { alert_id: 'a1', title: 'ünïcode ✓' } });

  it('accepts a correctly signed request', async () => {
    expect(await post(body, signatureHeader([SECRET], body, now()))).toBe(200);
  });

  it('rejects a tampered body', async () => {
    const header = signatureHeader([SECRET], body, now());
    expect(await post(body.replace('a1', 'a2'), header)).toBe(401);
    expect(receiver.rejected.at(-1)?.reason).toBe('signature mismatch');
  });

  it('rejects an old timestamp (replay) even with a valid signature for it', async () => {
    expect(await post(body, signatureHeader([SECRET], body, now() - 301))).toBe(401);
    expect(receiver.rejected.at(-1)?.reason).toBe('timestamp outside the replay window');
  });

  it('rejects a wrong secret, a missing header and a garbled one', async () => {
    expect(await post(body, signatureHeader(['another-secret-123456'], body, now()))).toBe(401);
    expect(await post(body, '')).toBe(401);
    expect(await post(body, 't=abc,v1=zz')).toBe(401);
  });

  it('accepts any of several signatures during secret rotation', async () => {
    expect(await post(body, signatureHeader(['old-secret-0123456789', SECRET], body, now()))).toBe(200);
  });

  it('the README shows exactly the verification code that runs', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const source = readFileSync(new URL('./verify.ts', import.meta.url), 'utf8');
    const snippet = /```ts verify\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(snippet).toBe(source);
  });

  it('is pure given the clock', () => {
    const header = signatureHeader([SECRET], 'x', 1_000_000);
    expect(verifySignature(SECRET, header, 'x', { nowSeconds: 1_000_300 })).toEqual({ ok: true, timestamp: 1_000_000 });
    expect(verifySignature(SECRET, header, 'x', { nowSeconds: 1_000_301 }).ok).toBe(false);
    expect(verifySignature(SECRET, header, 'x', { nowSeconds: 999_699 }).ok).toBe(false);
  });
});
