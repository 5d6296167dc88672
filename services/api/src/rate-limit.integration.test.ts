import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHarness, type Harness } from './test-harness';

const LIMIT = 5;
let h: Harness;

beforeAll(async () => {
  h = await openHarness({ rateLimitPerMinute: LIMIT });
});

afterAll(() => h?.close());

const tokens = (authorization?: string) =>
  h.app.inject({ method: 'GET', url: '/v1/tokens', headers: authorization ? { authorization } : {} });

describe('rate limit (API_RATE_LIMIT_PER_MINUTE)', () => {
  it('answers 429 with a precise error once a key has used its budget, and counts each key separately', async () => {
    for (let i = 0; i < LIMIT; i++) expect((await tokens(h.keys.read.authorization)).statusCode).toBe(200);
    const limited = await tokens(h.keys.read.authorization);
    expect(limited.statusCode).toBe(429);
    const body = limited.json<{ error: { code: string; message: string } }>();
    expect(body.error.code).toBe('rate_limited');
    expect(body.error.message).toContain(`rate limit of ${LIMIT} requests per minute`);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another key has its own budget: one noisy client does not lock out the rest.
    expect((await tokens(h.keys.admin.authorization)).statusCode).toBe(200);
  });

  it('keeps health checks out of the budget', async () => {
    for (let i = 0; i < LIMIT + 3; i++) expect((await h.app.inject('/healthz')).statusCode).toBe(200);
  });

  it('limits failed authentications by address, so key secrets cannot be guessed at full speed', async () => {
    const guess = h.keys.read.authorization.slice(0, -4) + 'xxxx';
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT; i++) statuses.push((await tokens(i % 2 === 0 ? undefined : guess)).statusCode);
    expect(statuses).toEqual(Array<number>(LIMIT).fill(401));
    const limited = await tokens(guess);
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ error: { code: 'rate_limited' } });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });
});
