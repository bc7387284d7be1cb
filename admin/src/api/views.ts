import { z } from '@hono/zod-openapi';
import {
  ROLE_CODES,
  type AccountSummary,
  type AuditEntry,
  type RoleCode,
  type SessionSummary,
} from '@joycity/db';
import { errorBodySchema } from '@joycity/shared/internal-api';

/**
 * What the API answers with, as zod schemas (for the OpenAPI document) and the functions that build them
 * from database rows. Credentials never appear: accounts show masks and facts, never values.
 */

const isoDate = z.iso.datetime({ offset: true });
const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

// Shared schemas were built before @hono/zod-openapi extended zod, so they are named with zod's own `.meta`.
export const ErrorSchema = errorBodySchema.meta({ id: 'Error' });

export const errorResponses = (...statuses: Array<400 | 401 | 403 | 404 | 409 | 422 | 429>) =>
  Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: {
          400: 'Invalid input (`VALIDATION_FAILED`, …)',
          401: 'Not signed in, or the sign-in ended',
          403: 'Not allowed (`FORBIDDEN`, `CSRF_*`, …)',
          404: 'Not found',
          409: 'Conflicts with existing data',
          422: 'A live check of the credentials failed',
          429: 'Too many attempts',
        }[status],
        content: { 'application/json': { schema: ErrorSchema } },
      },
    ]),
  ) as Record<
    number,
    { description: string; content: { 'application/json': { schema: typeof ErrorSchema } } }
  >;

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true as const,
  content: { 'application/json': { schema } },
});

export const RoleSchema = z.enum(ROLE_CODES as [RoleCode, ...RoleCode[]]).openapi('Role');

export const UserSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    name: z.string(),
    roles: z.array(RoleSchema),
    disabled: z.boolean(),
    currentAccountId: z.number().int().nullable(),
    locale: z.enum(['ru', 'en']),
    theme: z.enum(['light', 'dark', 'system']),
    avatarKey: z.string().nullable(),
    lastLoginAt: isoDate.nullable(),
    createdAt: isoDate,
    updatedAt: isoDate,
  })
  .openapi('User');
export type UserView = z.infer<typeof UserSchema>;

export function userView(
  user: {
    id: string;
    email: string;
    name: string;
    disabled: boolean;
    current_account_id: number | null;
    locale: 'ru' | 'en';
    theme: 'light' | 'dark' | 'system';
    avatar_key: string | null;
    created_at: Date;
    updated_at: Date;
    last_login_at: Date | null;
  },
  roles: readonly RoleCode[],
): UserView {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    roles: [...roles],
    disabled: user.disabled,
    currentAccountId: user.current_account_id,
    locale: user.locale,
    theme: user.theme,
    avatarKey: user.avatar_key,
    lastLoginAt: iso(user.last_login_at),
    createdAt: user.created_at.toISOString(),
    updatedAt: user.updated_at.toISOString(),
  };
}

export const SessionSchema = z
  .object({
    id: z.uuid(),
    userId: z.uuid(),
    device: z.string().nullable(),
    userAgent: z.string().nullable(),
    ip: z.string().nullable(),
    createdAt: isoDate,
    lastUsedAt: isoDate,
    expiresAt: isoDate,
    revokedAt: isoDate.nullable(),
    revokedReason: z.string().nullable(),
    current: z.boolean(),
  })
  .openapi('Session');

export function sessionView(
  session: SessionSummary,
  currentSessionId: string,
): z.infer<typeof SessionSchema> {
  return {
    id: session.id,
    userId: session.user_id,
    device: session.device,
    userAgent: session.user_agent,
    ip: session.ip,
    createdAt: session.created_at.toISOString(),
    lastUsedAt: session.last_used_at.toISOString(),
    expiresAt: session.expires_at.toISOString(),
    revokedAt: iso(session.revoked_at),
    revokedReason: session.revoked_reason,
    current: session.id === currentSessionId,
  };
}

export const AccountSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    inn: z.string(),
    status: z.enum(['active', 'disabled']),
    wbSupplierId: z.string().nullable(),
    wbSupplierOid: z.number().int().nullable(),
    apiKey: z
      .object({
        mask: z.string().openapi({ description: 'The last characters only, e.g. `…x9Qa`' }),
        expiresAt: isoDate.nullable(),
        categories: z.array(z.string()),
        readOnly: z.boolean().nullable(),
        type: z.string().nullable(),
        test: z.boolean(),
        status: z.enum(['unknown', 'ok', 'invalid', 'expired']),
        statusReason: z.string().nullable(),
        checkedAt: isoDate.nullable(),
        updatedAt: isoDate.nullable(),
      })
      .nullable(),
    portalSession: z
      .object({
        cookieNames: z.array(z.string()),
        version: z.number().int(),
        status: z.enum(['unknown', 'ok', 'needs_relogin']),
        statusReason: z.string().nullable(),
        checkedAt: isoDate.nullable(),
        updatedAt: isoDate.nullable(),
      })
      .nullable(),
    createdAt: isoDate,
    updatedAt: isoDate,
  })
  .openapi('Account');
export type AccountView = z.infer<typeof AccountSchema>;

export function accountView(a: AccountSummary): AccountView {
  const expired = a.api_key_expires_at !== null && a.api_key_expires_at.getTime() <= Date.now();
  return {
    id: a.id,
    name: a.name,
    inn: a.inn,
    status: a.status,
    wbSupplierId: a.wb_supplier_id,
    wbSupplierOid: a.wb_supplier_oid,
    apiKey: a.api_key_mask
      ? {
          mask: a.api_key_mask,
          expiresAt: iso(a.api_key_expires_at),
          categories: a.api_key_categories,
          readOnly: a.api_key_read_only,
          type: a.api_key_type,
          test: a.api_key_test,
          status: expired ? 'expired' : a.key_status,
          statusReason: expired ? 'The key has expired' : a.key_status_reason,
          checkedAt: iso(a.key_checked_at),
          updatedAt: iso(a.api_key_updated_at),
        }
      : null,
    portalSession:
      a.portal_session_version > 0
        ? {
            cookieNames: a.portal_cookie_names,
            version: a.portal_session_version,
            status: a.session_status,
            statusReason: a.session_status_reason,
            checkedAt: iso(a.session_checked_at),
            updatedAt: iso(a.portal_session_updated_at),
          }
        : null,
    createdAt: a.created_at.toISOString(),
    updatedAt: a.updated_at.toISOString(),
  };
}

export const AuditEntrySchema = z
  .object({
    id: z.number().int(),
    at: isoDate,
    actorUserId: z.string().nullable(),
    actorEmail: z.string().nullable(),
    action: z.string(),
    outcome: z.enum(['success', 'failure', 'denied']),
    targetType: z.string().nullable(),
    targetId: z.string().nullable(),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    details: z.record(z.string(), z.unknown()),
  })
  .openapi('AuditEntry');

export function auditView(e: AuditEntry): z.infer<typeof AuditEntrySchema> {
  return {
    id: e.id,
    at: e.at.toISOString(),
    actorUserId: e.actor_user_id,
    actorEmail: e.actor_email,
    action: e.action,
    outcome: e.outcome,
    targetType: e.target_type,
    targetId: e.target_id,
    ip: e.ip,
    userAgent: e.user_agent,
    details: e.details,
  };
}
