/**
 * Deterministic mixed-source record streams for ledger tests and benchmarks: vendor-format records (Tableau
 * Cloud activity log, GitHub audit log, AWS CloudTrail, Databricks audit log) and canonical events, with a chosen
 * share of invalid records and of exact re-sends (duplicates).
 */

export interface GeneratedRecord {
  /** Message key (token-ish, as a shipper would key it). */
  key: string;
  bytes: Buffer;
  /** What the generator meant: a valid record, a deliberately broken one, or a re-send of an earlier record. */
  intent: 'valid' | 'invalid' | 'duplicate';
}

/** Small deterministic PRNG (mulberry32) so every run generates the same stream. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BASE = Date.UTC(2026, 10, 20, 0, 0, 0);

function validRecord(i: number, rand: () => number): { key: string; record: unknown } {
  const token = Math.floor(rand() * 500);
  const at = BASE + i * 1000 + Math.floor(rand() * 1000);
  const iso = new Date(at).toISOString();
  const ip = `198.51.${token % 256}.${(i % 200) + 1}`;
  switch (i % 5) {
    case 0:
      return {
        key: `tableau-${token}`,
        record: {
          eventType: 'login_authentication',
          eventTime: iso,
          eventOutcome: i % 7 === 0 ? 'unauthorized' : 'success',
          siteLuid: `site-${token % 10}`,
          actorUserLuid: `user-${token}`,
          initiatingUserLuid: `user-${token}`,
          initiatingUserIpAddress: ip,
          tokenGuid: `guid-${token}`,
          seq: i,
        },
      };
    case 1:
      return {
        key: `gh-${token}`,
        record: {
          '@timestamp': at,
          _document_id: `doc-${i}`,
          action: 'repo.download_zip',
          actor: `user${token}`,
          actor_ip: ip,
          hashed_token: Buffer.from(`token-${token}`).toString('base64'),
          programmatic_access_type: 'Fine-grained personal access token',
          user_agent: 'git/2.43',
          org: 'acme',
        },
      };
    case 2:
      return {
        key: `AKIA${String(token).padStart(16, '0')}`,
        record: {
          eventVersion: '1.08',
          eventTime: iso.replace(/\.\d{3}Z$/, 'Z'),
          eventSource: 's3.amazonaws.com',
          eventName: 'GetObject',
          awsRegion: 'eu-west-1',
          sourceIPAddress: ip,
          userAgent: 'aws-cli/2.15',
          eventID: `ct-${i}`,
          eventType: 'AwsApiCall',
          userIdentity: {
            type: 'IAMUser',
            accessKeyId: `AKIA${String(token).padStart(16, '0')}`,
            userName: `svc-${token}`,
            accountId: '123456789012',
          },
        },
      };
    case 3:
      return {
        key: `dbx-${token}`,
        record: {
          event_time: iso,
          event_id: `dbx-${i}`,
          source_ip_address: ip,
          user_agent: 'databricks-cli/0.2',
          user_identity: { email: `user${token}@example.com` },
          service_name: 'accounts',
          action_name: 'tokenLogin',
          request_params: { tokenId: `dbt-${token}` },
          response: { statusCode: 200 },
          workspace_id: 42,
        },
      };
    default:
      return {
        key: `generic-${token}`,
        record: {
          schema_version: 1,
          event_id: `gen-${i}`,
          source: 'generic',
          source_event_type: 'api.call',
          kind: 'token.used',
          occurred_at: iso,
          token_id: `generic-${token}`,
          ip,
          outcome: 'success',
        },
      };
  }
}

function invalidRecord(i: number): Buffer {
  switch (i % 4) {
    case 0:
      return Buffer.from(`{"eventTime": "2026-11-20T00:00:00Z", "broken json #${i}`);
    case 1:
      return Buffer.from(
        JSON.stringify({
          schema_version: 1,
          source: 'generic',
          kind: 'token.used',
          occurred_at: 'not a time',
          token_id: `t-${i}`,
          outcome: 'success',
          event_id: `bad-${i}`,
        }),
      );
    case 2:
      return Buffer.from(
        JSON.stringify({
          schema_version: 1,
          source: 'generic',
          kind: 'token.used',
          occurred_at: new Date(BASE).toISOString(),
          outcome: 'success',
          event_id: `bad-${i}`,
        }),
      );
    default:
      return Buffer.from(`[1, 2, "not a record ${i}"]`);
  }
}

/** `count` messages: ~invalidShare invalid, ~duplicateShare exact re-sends of earlier valid messages. */
export function generateMixedRecords(
  count: number,
  options: { invalidShare?: number; duplicateShare?: number; seed?: number } = {},
): GeneratedRecord[] {
  const rand = prng(options.seed ?? 42);
  const invalidEvery = options.invalidShare ? Math.round(1 / options.invalidShare) : 0;
  const duplicateEvery = options.duplicateShare ? Math.round(1 / options.duplicateShare) : 0;
  const out: GeneratedRecord[] = [];
  const valid: GeneratedRecord[] = [];
  for (let i = 0; i < count; i++) {
    if (invalidEvery && i % invalidEvery === invalidEvery - 1) {
      out.push({ key: `invalid-${i}`, bytes: invalidRecord(i), intent: 'invalid' });
    } else if (duplicateEvery && valid.length > 0 && i % duplicateEvery === 1) {
      const original = valid[Math.floor(rand() * valid.length)]!;
      out.push({ ...original, intent: 'duplicate' });
    } else {
      const { key, record } = validRecord(i, rand);
      const generated: GeneratedRecord = { key, bytes: Buffer.from(JSON.stringify(record)), intent: 'valid' };
      valid.push(generated);
      out.push(generated);
    }
  }
  return out;
}
