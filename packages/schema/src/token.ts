import { z } from 'zod';
import { EpochMs, SOURCES } from './token-event';

export const TOKEN_STATUSES = ['active', 'revoked', 'expired', 'unknown'] as const;
export type TokenStatus = (typeof TOKEN_STATUSES)[number];

/** The registry's view of one token: lifecycle from events and inventory snapshots. */
export const Token = z.strictObject({
  token_id: z.string().min(1).max(512),
  source: z.enum(SOURCES),
  token_name: z.string().max(512).optional(),
  owner_id: z.string().max(512).optional(),
  owner_email: z.string().max(512).optional(),
  tenant: z.string().max(512).optional(),
  site: z.string().max(512).optional(),
  status: z.enum(TOKEN_STATUSES),
  scopes: z.array(z.string()).default([]),
  created_at: EpochMs.optional(),
  expires_at: EpochMs.optional(),
  revoked_at: EpochMs.optional(),
  last_used_at: EpochMs.optional(),
  first_seen_at: EpochMs,
  updated_at: EpochMs,
});
export type Token = z.infer<typeof Token>;

/** One token as listed by a vendor inventory API (Tableau "List Personal Access Tokens"). */
export const InventoryToken = z.strictObject({
  token_id: z.string().min(1).max(512),
  token_name: z.string().max(512).optional(),
  created_at: EpochMs.optional(),
  expires_at: EpochMs.optional(),
  last_used_at: EpochMs.optional(),
});
export type InventoryToken = z.infer<typeof InventoryToken>;

/** All tokens of one owner at one instant; a token missing from the next snapshot was revoked or expired. */
export const InventorySnapshot = z.strictObject({
  source: z.enum(SOURCES),
  taken_at: EpochMs,
  tenant: z.string().max(512).optional(),
  site: z.string().max(512).optional(),
  owner_id: z.string().min(1).max(512),
  tokens: z.array(InventoryToken),
});
export type InventorySnapshot = z.infer<typeof InventorySnapshot>;
