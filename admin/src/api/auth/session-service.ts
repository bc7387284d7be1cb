import { createHash, randomUUID } from 'node:crypto';
import {
  appendAudit,
  createSession,
  findSessionForUpdate,
  findUserWithSecretByEmail,
  isSpentToken,
  normalizeEmail,
  revokeSessions,
  rotateSessionToken,
  sql,
  type Database,
  type RevokeReason,
} from '@joycity/db';
import { hashToken, TokenError, type SessionCache, type TokenService } from '@joycity/shared/auth';
import { publishEvent, type Coordinator } from '@joycity/shared/coordination';
import { dummyPasswordHash, verifyPassword, type SecretBox } from '@joycity/shared/crypto';
import type { Logger } from '@joycity/shared/logger';
import { registerSecretValue } from '@joycity/shared/logger';
import type { TokenPair } from '@joycity/shared/internal-api';
import { apiError } from '../errors.ts';
import { describeDevice } from './client-info.ts';
import type { LoginGuard } from './login-guard.ts';

/** How long a just-spent refresh token still yields the tokens it was exchanged for (parallel requests). */
export const REFRESH_GRACE_MS = 30_000;
const GRACE_CONTEXT = 'auth.refresh_grace';

export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
}

export interface SessionServiceDeps {
  db: Database;
  coordinator: Coordinator;
  box: SecretBox;
  tokens: TokenService;
  sessions: () => Promise<SessionCache>;
  loginGuard: LoginGuard;
  logger: Logger;
  /** Defaults to {@link REFRESH_GRACE_MS}. */
  graceMs?: number;
}

const toPair = (
  userId: string,
  sessionId: string,
  issued: Awaited<ReturnType<TokenService['issue']>>,
): TokenPair => ({
  userId,
  sessionId,
  accessToken: issued.access.token,
  accessExpiresAt: issued.access.expiresAt.toISOString(),
  refreshToken: issued.refresh.token,
  refreshExpiresAt: issued.refresh.expiresAt.toISOString(),
});

const registerPair = (pair: TokenPair) => {
  registerSecretValue(pair.accessToken);
  registerSecretValue(pair.refreshToken);
  return pair;
};

/**
 * Sign-in, refresh-token rotation and revocation.
 *
 * Rotation is single-flight: in this process per token, across replicas by a coordinator lock per session.
 * The first caller rotates; callers that presented the same token meanwhile (a page firing parallel
 * requests, two proxy replicas) receive the same new pair from a short, encrypted grace entry instead of
 * tripping reuse detection. A spent token presented after the grace window is reuse, which means theft:
 * the whole session family is revoked and everyone is told through `sessions.revoked`.
 */
export function createSessionService(deps: SessionServiceDeps) {
  const { db, coordinator, box, tokens } = deps;
  const inFlight = new Map<string, Promise<TokenPair>>();
  const graceMs = deps.graceMs ?? REFRESH_GRACE_MS;

  async function revoke(
    where: { ids?: readonly string[]; familyId?: string; userId?: string; exceptId?: string },
    reason: RevokeReason,
  ): Promise<Array<{ id: string; user_id: string }>> {
    const revoked = await revokeSessions(db, where, reason);
    if (revoked.length === 0) return revoked;
    const ids = revoked.map((r) => r.id);
    (await deps.sessions()).markRevoked(ids);
    // One message per user keeps payloads small (PostgreSQL NOTIFY caps them at 8 kB).
    const byUser = new Map<string, string[]>();
    for (const r of revoked) byUser.set(r.user_id, [...(byUser.get(r.user_id) ?? []), r.id]);
    for (const [userId, sessionIds] of byUser) {
      for (let i = 0; i < sessionIds.length; i += 100) {
        await publishEvent(coordinator, 'sessions.revoked', {
          userId,
          sessionIds: sessionIds.slice(i, i + 100),
        });
      }
    }
    return revoked;
  }

  async function rotateLocked(refreshToken: string, hash: Buffer, sessionId: string, meta: RequestMeta) {
    const graceKey = `auth:refresh-grace:${createHash('sha256').update(hash).digest('hex')}`;
    const cached = await coordinator.cacheGet(graceKey);
    if (cached) {
      try {
        return registerPair(JSON.parse(box.decrypt(cached, GRACE_CONTEXT)) as TokenPair);
      } catch {
        // An entry we cannot open (a key rotated away meanwhile) is treated as absent.
      }
    }
    const outcome = await db.transaction().execute(async (trx) => {
      const session = await findSessionForUpdate(trx, sessionId);
      if (!session) return { kind: 'invalid' as const, reason: 'unknown session' };
      const user = await trx
        .selectFrom('users')
        .select(['disabled'])
        .where('id', '=', session.user_id)
        .executeTakeFirst();
      if (session.revoked_at) return { kind: 'invalid' as const, reason: 'session revoked' };
      if (session.expires_at.getTime() <= Date.now())
        return { kind: 'invalid' as const, reason: 'session expired' };
      if (!user || user.disabled) return { kind: 'invalid' as const, reason: 'user disabled' };
      if (!session.refresh_token_hash.equals(hash)) {
        // Not the current token. A spent one is reuse; an unknown one signed by us can only be older still.
        const spent = await isSpentToken(trx, session.id, hash);
        return { kind: 'reuse' as const, session, spent };
      }
      const issued = await tokens.issue({ userId: session.user_id, sessionId: session.id });
      await rotateSessionToken(trx, {
        id: session.id,
        spentHash: hash,
        newHash: hashToken(issued.refresh.token),
        expiresAt: issued.refresh.expiresAt,
        ip: meta.ip,
        userAgent: meta.userAgent?.slice(0, 1000) ?? null,
      });
      return { kind: 'rotated' as const, pair: toPair(session.user_id, session.id, issued) };
    });

    if (outcome.kind === 'rotated') {
      registerPair(outcome.pair);
      await coordinator.cacheSet(graceKey, box.encrypt(JSON.stringify(outcome.pair), GRACE_CONTEXT), graceMs);
      return outcome.pair;
    }
    if (outcome.kind === 'reuse') {
      const revoked = await revoke({ familyId: outcome.session.family_id }, 'reuse_detected');
      await appendAudit(db, {
        action: 'auth.refresh_reuse_detected',
        outcome: 'denied',
        actor_user_id: outcome.session.user_id,
        target_type: 'session',
        target_id: outcome.session.id,
        ip: meta.ip,
        user_agent: meta.userAgent?.slice(0, 1000) ?? null,
        details: {
          familyId: outcome.session.family_id,
          revokedSessions: revoked.map((r) => r.id),
          tokenWasSpent: outcome.spent,
        },
      });
      deps.logger.warn(
        { sessionId: outcome.session.id, userId: outcome.session.user_id, ip: meta.ip },
        'refresh token reuse detected; session family revoked',
      );
      throw apiError(
        401,
        'REFRESH_REUSED',
        'This sign-in was used from somewhere else, so it has been ended everywhere for safety. Please sign in again.',
      );
    }
    throw apiError(
      401,
      'REFRESH_INVALID',
      `Your sign-in has ended (${outcome.reason}). Please sign in again.`,
    );
  }

  return {
    revoke,

    /**
     * Checks credentials (rate-limited, constant work for unknown emails) and opens a session. Throws 401
     * `INVALID_CREDENTIALS`, 403 `USER_DISABLED`, or 429 `LOGIN_LOCKED` / `LOGIN_RATE_LIMITED`.
     */
    async signIn(input: { email: string; password: string }, meta: RequestMeta) {
      const email = normalizeEmail(input.email);
      await deps.loginGuard.admit(email, meta.ip);
      const user = await findUserWithSecretByEmail(db, email);
      // Unknown emails are checked against a dummy hash: the same scrypt work, so timing tells nothing.
      const passwordOk = await verifyPassword(
        input.password,
        user?.password_hash ?? (await dummyPasswordHash()),
      );
      const audit = (
        outcome: 'success' | 'failure' | 'denied',
        details: Record<string, unknown>,
        userId?: string,
      ) =>
        appendAudit(db, {
          action: 'auth.login',
          outcome,
          actor_user_id: userId ?? null,
          actor_email: email.slice(0, 254),
          ip: meta.ip,
          user_agent: meta.userAgent?.slice(0, 1000) ?? null,
          target_type: 'user',
          target_id: userId ?? null,
          details,
        });
      if (!user || !passwordOk) {
        const { emailFailures } = await deps.loginGuard.failed(email, meta.ip);
        await audit(
          'failure',
          { reason: user ? 'wrong_password' : 'unknown_email', failures: emailFailures },
          user?.id,
        );
        throw apiError(401, 'INVALID_CREDENTIALS', 'Email or password is incorrect');
      }
      if (user.disabled) {
        await audit('denied', { reason: 'user_disabled' }, user.id);
        throw apiError(403, 'USER_DISABLED', 'This user is disabled. Ask an administrator to enable it.');
      }
      await deps.loginGuard.succeeded(email, meta.ip);

      const sessionId = randomUUID();
      const issued = await tokens.issue({ userId: user.id, sessionId });
      await db.transaction().execute(async (trx) => {
        await createSession(trx, {
          id: sessionId,
          userId: user.id,
          refreshTokenHash: hashToken(issued.refresh.token),
          expiresAt: issued.refresh.expiresAt,
          ip: meta.ip,
          userAgent: meta.userAgent?.slice(0, 1000) ?? null,
          device: describeDevice(meta.userAgent),
        });
        await trx
          .updateTable('users')
          .set({ last_login_at: sql<Date>`now()` })
          .where('id', '=', user.id)
          .execute();
        await audit('success', { sessionId }, user.id);
      });
      return { userId: user.id, sessionId, pair: registerPair(toPair(user.id, sessionId, issued)) };
    },

    /** Exchanges a refresh token for a new pair. Throws 401 `REFRESH_INVALID` or `REFRESH_REUSED`. */
    async rotate(refreshToken: string, meta: RequestMeta): Promise<TokenPair> {
      let claims;
      try {
        claims = await tokens.verifyRefresh(refreshToken);
      } catch (err) {
        if (err instanceof TokenError) {
          throw apiError(
            401,
            'REFRESH_INVALID',
            err.code === 'TOKEN_EXPIRED'
              ? 'Your sign-in has expired. Please sign in again.'
              : 'Please sign in again.',
          );
        }
        throw err;
      }
      const hash = hashToken(refreshToken);
      const key = hash.toString('base64url');
      let pending = inFlight.get(key);
      if (!pending) {
        pending = coordinator
          .withLock(`auth:refresh:${claims.sessionId}`, { waitMs: 10_000, ttlMs: 15_000 }, () =>
            rotateLocked(refreshToken, hash, claims.sessionId, meta),
          )
          .finally(() => inFlight.delete(key));
        inFlight.set(key, pending);
      }
      return pending;
    },
  };
}

export type SessionService = ReturnType<typeof createSessionService>;
