import { z } from 'zod';
import {
  portalSessionPatchSchema,
  portalSessionSchema,
  portalTokenSchema,
} from '../credentials/portal-session.ts';

/**
 * The wire format of the internal API (`/api/internal/*`), shared by the admin (which serves it) and the
 * client below (which the proxy uses), so the two cannot drift apart.
 */

export const INTERNAL_API_PREFIX = '/api/internal';
/** Names the calling service in the audit log. */
export const INTERNAL_CLIENT_HEADER = 'x-internal-client';

export const accountIdParam = z.coerce.number().int().positive();

export const portalSessionEnvelopeSchema = z.object({
  accountId: z.number().int(),
  /** Bumped by every change; send it back as `expectedVersion` to update only what you read. */
  version: z.number().int(),
  status: z.enum(['unknown', 'ok', 'needs_relogin']),
  updatedAt: z.iso.datetime({ offset: true }).nullable(),
  cookies: z.record(z.string(), z.string()),
  authorizev3: z.string().optional(),
  tokens: z.record(z.string(), portalTokenSchema).optional(),
});
export type PortalSessionEnvelope = z.infer<typeof portalSessionEnvelopeSchema>;

export const replacePortalSessionBodySchema = z.strictObject({
  session: portalSessionSchema,
  expectedVersion: z.number().int().nonnegative().optional(),
});
export type ReplacePortalSessionBody = z.infer<typeof replacePortalSessionBodySchema>;

export const patchPortalSessionBodySchema = portalSessionPatchSchema.extend({
  expectedVersion: z.number().int().nonnegative().optional(),
});
export type PatchPortalSessionBody = z.infer<typeof patchPortalSessionBodySchema>;

export const sessionStatusBodySchema = z.strictObject({
  status: z.enum(['ok', 'needs_relogin']),
  /** Why, in words an admin understands ("WB answered 401 to /ns/…"). No credentials. */
  reason: z.string().max(500).optional(),
});
export type SessionStatusBody = z.infer<typeof sessionStatusBodySchema>;

export const sessionStatusResponseSchema = z.object({
  accountId: z.number().int(),
  status: z.enum(['unknown', 'ok', 'needs_relogin']),
  checkedAt: z.iso.datetime({ offset: true }).nullable(),
});
export type SessionStatusResponse = z.infer<typeof sessionStatusResponseSchema>;

export const refreshBodySchema = z.strictObject({
  refreshToken: z.string().min(1).max(4_096),
  /** The browser's address and user agent, recorded on the session. */
  ip: z.union([z.ipv4(), z.ipv6()]).optional(),
  userAgent: z.string().max(1_000).optional(),
});
export type RefreshBody = z.infer<typeof refreshBodySchema>;

export const tokenPairSchema = z.object({
  userId: z.uuid(),
  sessionId: z.uuid(),
  accessToken: z.string(),
  accessExpiresAt: z.iso.datetime({ offset: true }),
  refreshToken: z.string(),
  refreshExpiresAt: z.iso.datetime({ offset: true }),
});
export type TokenPair = z.infer<typeof tokenPairSchema>;

/** The one error shape of the whole API. */
export const errorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.record(z.string(), z.unknown()).optional(),
    requestId: z.string().optional(),
  }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;
