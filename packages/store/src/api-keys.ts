/** What an API key may do. `admin` implies every other scope. */
export const API_KEY_SCOPES = ['read', 'triage', 'admin', 'ingest'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** An API key as stored: never the secret, only its SHA-256 (the secret is 256 random bits, shown once). */
export interface ApiKeyRecord {
  key_id: string;
  name: string;
  scopes: ApiKeyScope[];
  secret_sha256: string;
  created_at: number;
  created_by: string;
  revoked_at?: number;
  revoked_by?: string;
}

/**
 * Where API keys live. Writes are idempotent by key_id and the latest write of a key wins; reads see every
 * completed write (so a revocation is effective for the next lookup).
 */
export interface ApiKeyStore {
  put(key: ApiKeyRecord): Promise<void>;
  get(keyId: string): Promise<ApiKeyRecord | undefined>;
  /** Every key (revoked ones too), newest first. Key counts are small (hundreds), so no pagination here. */
  list(): Promise<ApiKeyRecord[]>;
  ping(): Promise<boolean>;
}
