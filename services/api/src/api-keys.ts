import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ApiKeyRecord, ApiKeyScope } from '@tokenwatch/store';

/**
 * An API key is `twk_<key id>_<secret>`: the key id (16 hex) is public and names the key in logs and audit
 * events; the secret (32 random bytes, base64url) is shown once and only its SHA-256 is stored. A plain hash is
 * enough because the secret has 256 bits of entropy: there is nothing to brute-force from the hash.
 */
const KEY_FORMAT = /^twk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

export interface NewApiKey {
  record: ApiKeyRecord;
  /** The full key to hand to the user, once. */
  secret: string;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function generateApiKey(input: {
  name: string;
  scopes: readonly ApiKeyScope[];
  createdBy: string;
  now: number;
}): NewApiKey {
  const keyId = randomBytes(8).toString('hex');
  const secretPart = randomBytes(32).toString('base64url');
  return {
    secret: `twk_${keyId}_${secretPart}`,
    record: {
      key_id: keyId,
      name: input.name,
      scopes: [...new Set(input.scopes)].sort(),
      secret_sha256: sha256Hex(secretPart),
      created_at: input.now,
      created_by: input.createdBy,
    },
  };
}

/** The key id and secret of a presented key, or undefined when it is not shaped like one of ours. */
export function parseApiKey(presented: string): { keyId: string; secretPart: string } | undefined {
  const match = KEY_FORMAT.exec(presented);
  return match ? { keyId: match[1]!, secretPart: match[2]! } : undefined;
}

export function secretMatches(record: ApiKeyRecord, secretPart: string): boolean {
  const expected = Buffer.from(record.secret_sha256, 'hex');
  const actual = Buffer.from(sha256Hex(secretPart), 'hex');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** `admin` implies every scope; otherwise the key must carry the scope itself. */
export function hasScope(record: ApiKeyRecord, needed: ApiKeyScope): boolean {
  return record.scopes.includes('admin') || record.scopes.includes(needed);
}

/** What a listing shows of a key: everything but the hash. */
export function publicView(record: ApiKeyRecord) {
  const { secret_sha256: _hash, ...rest } = record;
  return { ...rest, status: record.revoked_at === undefined ? ('active' as const) : ('revoked' as const) };
}
