import { parseArgs } from 'node:util';
import { userInfo } from 'node:os';
import { openClickHouse, migrate } from '@tokenwatch/clickhouse';
import { generateApiKey, publicView, clickHouseOptions, loadApiEnv } from '@tokenwatch/api';
import { API_KEY_SCOPES, type ApiKeyScope } from '@tokenwatch/store';
import { createClickHouseApiKeyStore } from '@tokenwatch/store-clickhouse';

const USAGE = `usage:
  tokenwatch apikey create --name <name> --scopes <read,triage,admin,ingest>
  tokenwatch apikey list
  tokenwatch apikey revoke <key id>

Manages API keys in ClickHouse (CLICKHOUSE_URL, CLICKHOUSE_DATABASE, …). "create" prints the key once; only its
SHA-256 is stored. Use it to make the first admin key; further keys can be made through POST /v1/api-keys.`;

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { name: { type: 'string' }, scopes: { type: 'string' }, help: { type: 'boolean' } },
  });
  const [action, keyId] = positionals;
  if (values.help || !action) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  const env = loadApiEnv();
  const db = await openClickHouse(clickHouseOptions(env));
  try {
    await migrate(db);
    const store = createClickHouseApiKeyStore(db);
    const actor = `cli:${userInfo().username}`;
    switch (action) {
      case 'create': {
        const scopes = (values.scopes ?? '').split(',').filter(Boolean);
        const bad = scopes.filter((s) => !(API_KEY_SCOPES as readonly string[]).includes(s));
        if (!values.name?.trim() || scopes.length === 0 || bad.length > 0) {
          console.error(
            `--name and --scopes (any of ${API_KEY_SCOPES.join(', ')}) are required` +
              (bad.length ? `; unknown: ${bad.join(', ')}` : ''),
          );
          return 2;
        }
        const key = generateApiKey({
          name: values.name.trim().slice(0, 200),
          scopes: scopes as ApiKeyScope[],
          createdBy: actor,
          now: Date.now(),
        });
        await store.put(key.record);
        console.log(
          `key id:  ${key.record.key_id}\nscopes:  ${key.record.scopes.join(',')}\nsecret:  ${key.secret}\n` +
            'Store the secret now: it is not shown again.',
        );
        return 0;
      }
      case 'list': {
        for (const k of (await store.list()).map(publicView)) {
          console.log(
            [
              k.key_id,
              k.status.padEnd(7),
              k.scopes.join(',').padEnd(24),
              new Date(k.created_at).toISOString(),
              k.name,
            ].join('  '),
          );
        }
        return 0;
      }
      case 'revoke': {
        const record = keyId ? await store.get(keyId) : undefined;
        if (!record) {
          console.error(`no API key ${keyId ?? '(missing key id)'}`);
          return 1;
        }
        if (record.revoked_at !== undefined) {
          console.log(`${record.key_id} was already revoked`);
          return 0;
        }
        await store.put({ ...record, revoked_at: Date.now(), revoked_by: actor });
        console.log(
          `revoked ${record.key_id} (${record.name}); API processes stop accepting it within API_KEY_CACHE_TTL`,
        );
        return 0;
      }
      default:
        console.error(`unknown action "${action}"\n${USAGE}`);
        return 2;
    }
  } finally {
    await db.close();
  }
}
