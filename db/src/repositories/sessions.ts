import { sql } from 'kysely';
import type { Executor } from '../client.ts';
import type { Session, SessionsTable } from '../schema.ts';

export type RevokeReason = NonNullable<SessionsTable['revoked_reason']>;

/** What a session list shows: never the token hash. */
export type SessionSummary = Omit<Session, 'refresh_token_hash'>;

const SUMMARY_COLUMNS = [
  'sessions.id',
  'sessions.user_id',
  'sessions.family_id',
  'sessions.generation',
  'sessions.device',
  'sessions.user_agent',
  'sessions.ip',
  'sessions.created_at',
  'sessions.last_used_at',
  'sessions.expires_at',
  'sessions.revoked_at',
  'sessions.revoked_reason',
] as const;

/**
 * Records a login. The id is chosen by the caller because the refresh token it stores the hash of already
 * names the session.
 *
 * @example
 * await createSession(db, { id: randomUUID(), userId, refreshTokenHash, expiresAt, ip, userAgent, device });
 */
export async function createSession(
  db: Executor,
  input: {
    id: string;
    userId: string;
    refreshTokenHash: Buffer;
    expiresAt: Date;
    ip: string | null;
    userAgent: string | null;
    device: string | null;
  },
): Promise<SessionSummary> {
  return db
    .insertInto('sessions')
    .values({
      id: input.id,
      user_id: input.userId,
      refresh_token_hash: input.refreshTokenHash,
      expires_at: input.expiresAt,
      ip: input.ip,
      user_agent: input.userAgent,
      device: input.device,
    })
    .returning(SUMMARY_COLUMNS)
    .executeTakeFirstOrThrow();
}

/** Locks the session row for a refresh: concurrent rotations of one session queue behind each other. */
export async function findSessionForUpdate(db: Executor, id: string): Promise<Session | undefined> {
  return db.selectFrom('sessions').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/**
 * Replaces the session's refresh token: the old hash is remembered as spent (so presenting it again is
 * recognised as reuse), the generation goes up and the expiry slides.
 */
export async function rotateSessionToken(
  db: Executor,
  input: {
    id: string;
    spentHash: Buffer;
    newHash: Buffer;
    expiresAt: Date;
    ip: string | null;
    userAgent: string | null;
  },
): Promise<void> {
  await db
    .insertInto('session_spent_tokens')
    .values({ token_hash: input.spentHash, session_id: input.id })
    .onConflict((oc) => oc.column('token_hash').doNothing())
    .execute();
  await db
    .updateTable('sessions')
    .set((eb) => ({
      refresh_token_hash: input.newHash,
      generation: eb('generation', '+', 1),
      expires_at: input.expiresAt,
      last_used_at: sql<Date>`now()`,
      ...(input.ip ? { ip: input.ip } : {}),
      ...(input.userAgent ? { user_agent: input.userAgent } : {}),
    }))
    .where('id', '=', input.id)
    .execute();
}

/** True when `hash` is a refresh token this session has already spent. */
export async function isSpentToken(db: Executor, sessionId: string, hash: Buffer): Promise<boolean> {
  const row = await db
    .selectFrom('session_spent_tokens')
    .select('session_id')
    .where('token_hash', '=', hash)
    .executeTakeFirst();
  return row?.session_id === sessionId;
}

/**
 * Revokes sessions that are still live and returns them (id and owner), so the caller can announce exactly
 * what it revoked. Select by ids, by family, or by user (optionally sparing one session).
 */
export async function revokeSessions(
  db: Executor,
  where: { ids?: readonly string[]; familyId?: string; userId?: string; exceptId?: string },
  reason: RevokeReason,
): Promise<Array<{ id: string; user_id: string }>> {
  if (!where.ids && !where.familyId && !where.userId) throw new RangeError('revokeSessions needs a selector');
  if (where.ids && where.ids.length === 0) return [];
  let query = db
    .updateTable('sessions')
    .set({ revoked_at: sql<Date>`now()`, revoked_reason: reason })
    .where('revoked_at', 'is', null);
  if (where.ids) query = query.where('id', 'in', where.ids);
  if (where.familyId) query = query.where('family_id', '=', where.familyId);
  if (where.userId) query = query.where('user_id', '=', where.userId);
  if (where.exceptId) query = query.where('id', '<>', where.exceptId);
  return query.returning(['id', 'user_id']).execute();
}

export async function findSessionById(db: Executor, id: string): Promise<SessionSummary | undefined> {
  return db.selectFrom('sessions').select(SUMMARY_COLUMNS).where('id', '=', id).executeTakeFirst();
}

/** A user's sessions, newest use first. Ended ones (revoked or expired) only when asked for. */
export async function listUserSessions(
  db: Executor,
  userId: string,
  options: { includeEnded?: boolean; limit?: number } = {},
): Promise<SessionSummary[]> {
  let query = db
    .selectFrom('sessions')
    .select(SUMMARY_COLUMNS)
    .where('user_id', '=', userId)
    .orderBy('last_used_at', 'desc')
    .limit(options.limit ?? 100);
  if (!options.includeEnded) {
    query = query.where('revoked_at', 'is', null).where('expires_at', '>', sql<Date>`now()`);
  }
  return query.execute();
}

/** Marks a session as used now. Callers throttle it; it is a hint for people, not a security check. */
export async function touchSession(db: Executor, id: string): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ last_used_at: sql<Date>`now()` })
    .where('id', '=', id)
    .execute();
}

/**
 * Everything a request needs to know about the session behind an access token, in one round trip: whether
 * it still stands, and who its user is now (roles and permissions as they are, not as they were at login).
 */
export interface SessionPrincipalRow {
  sessionId: string;
  userId: string;
  revokedAt: Date | null;
  expiresAt: Date;
  email: string;
  name: string;
  locale: 'ru' | 'en';
  disabled: boolean;
  currentAccountId: number | null;
  roles: string[];
  permissions: string[];
}

export async function loadSessionPrincipal(
  db: Executor,
  sessionId: string,
): Promise<SessionPrincipalRow | undefined> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select((eb) => [
      'sessions.id as sessionId',
      'sessions.user_id as userId',
      'sessions.revoked_at as revokedAt',
      'sessions.expires_at as expiresAt',
      'users.email',
      'users.name',
      'users.locale',
      'users.disabled',
      'users.current_account_id as currentAccountId',
      eb
        .selectFrom('user_roles')
        .select(sql<string[]>`coalesce(array_agg(role_code ORDER BY role_code), '{}')`.as('r'))
        .whereRef('user_roles.user_id', '=', 'users.id')
        .as('roles'),
      eb
        .selectFrom('user_roles')
        .innerJoin('role_permissions', 'role_permissions.role_code', 'user_roles.role_code')
        .select(
          sql<
            string[]
          >`coalesce(array_agg(DISTINCT role_permissions.permission_code ORDER BY role_permissions.permission_code), '{}')`.as(
            'p',
          ),
        )
        .whereRef('user_roles.user_id', '=', 'users.id')
        .as('permissions'),
    ])
    .where('sessions.id', '=', sessionId)
    .executeTakeFirst();
  if (!row) return undefined;
  return { ...row, roles: row.roles ?? [], permissions: row.permissions ?? [] };
}
