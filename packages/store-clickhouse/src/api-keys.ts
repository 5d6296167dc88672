import { z } from 'zod';
import { sql, type ClickHouse } from '@tokenwatch/clickhouse';
import { API_KEY_SCOPES, type ApiKeyRecord, type ApiKeyStore } from '@tokenwatch/store';

const Row = z.object({
  key_id: z.string(),
  name: z.string(),
  scopes: z.array(z.enum(API_KEY_SCOPES)),
  secret_sha256: z.string(),
  created_at_ms: z.coerce.number(),
  created_by: z.string(),
  revoked_at_ms: z.coerce.number().nullable(),
  revoked_by: z.string(),
});

function fromRow(input: unknown): ApiKeyRecord {
  const r = Row.parse(input);
  const key: ApiKeyRecord = {
    key_id: r.key_id,
    name: r.name,
    scopes: r.scopes,
    secret_sha256: r.secret_sha256,
    created_at: r.created_at_ms,
    created_by: r.created_by,
  };
  if (r.revoked_at_ms !== null) key.revoked_at = r.revoked_at_ms;
  if (r.revoked_by !== '') key.revoked_by = r.revoked_by;
  return key;
}

const COLUMNS = sql`key_id, name, scopes, secret_sha256, created_at_ms, created_by, revoked_at_ms, revoked_by`;

export function createClickHouseApiKeyStore(db: ClickHouse, now: () => number = Date.now): ApiKeyStore {
  // A revocation must win over the row it replaces even within one millisecond: the version never goes back.
  let lastVersion = 0;
  return {
    async put(key) {
      lastVersion = Math.max(lastVersion + 1, now());
      await db.insert('api_keys', [
        {
          key_id: key.key_id,
          name: key.name,
          scopes: key.scopes,
          secret_sha256: key.secret_sha256,
          created_at_ms: key.created_at,
          created_by: key.created_by,
          revoked_at_ms: key.revoked_at ?? null,
          revoked_by: key.revoked_by ?? '',
          updated_at_ms: Math.max(lastVersion, key.revoked_at ?? 0),
        },
      ]);
    },
    async get(keyId) {
      const rows = await db.query(sql`SELECT ${COLUMNS} FROM api_keys FINAL WHERE key_id = ${keyId} LIMIT 1`);
      return rows.length > 0 ? fromRow(rows[0]) : undefined;
    },
    async list() {
      const rows = await db.query(sql`SELECT ${COLUMNS} FROM api_keys FINAL ORDER BY created_at_ms DESC, key_id`);
      return rows.map(fromRow);
    },
    ping: () => db.ping(),
  };
}
