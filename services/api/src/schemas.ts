import { z } from 'zod';
import { Alert, AlertAuditEntry, Suppression, Token, TokenEvent } from '@tokenwatch/schema';
import { API_KEY_SCOPES } from '@tokenwatch/store';
import { ErrorBody } from './errors';

/** Response bodies, named so the OpenAPI document shows them as components. */
export const TokenOut = Token.meta({ id: 'Token' });
export const TimelineEventOut = TokenEvent.omit({ raw: true }).meta({ id: 'TimelineEvent' });
export const AlertOut = Alert.meta({ id: 'Alert' });
export const AuditEntryOut = AlertAuditEntry.meta({ id: 'AlertAuditEntry' });
export const SuppressionOut = Suppression.meta({ id: 'Suppression' });

export const ApiKeyOut = z
  .object({
    key_id: z.string(),
    name: z.string(),
    scopes: z.array(z.enum(API_KEY_SCOPES)),
    status: z.enum(['active', 'revoked']),
    created_at: z.number(),
    created_by: z.string(),
    revoked_at: z.number().optional(),
    revoked_by: z.string().optional(),
  })
  .meta({ id: 'ApiKey' });

/** The error responses a route can give, for its OpenAPI entry. */
export const errors = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [s, ErrorBody])) as Record<number, typeof ErrorBody>;

/** Errors every authenticated route can give. */
export const AUTH_ERRORS = [400, 401, 403, 429] as const;
