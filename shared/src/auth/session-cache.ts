import {
  loadSessionPrincipal,
  touchSession,
  type Database,
  type RoleCode,
  type SessionPrincipalRow,
} from '@joycity/db';
import { subscribeEvent } from '../coordination/channels.ts';
import type { Coordinator, Unsubscribe } from '../coordination/types.ts';
import { isPermission, type Permission, type Principal } from './permissions.ts';

/**
 * The cheap per-request answer to "does the session behind this access token still stand, and who is its
 * user now?". Answers are cached in process; the cache is invalidated through the coordinator's pub/sub
 * (Redis, or PostgreSQL LISTEN/NOTIFY without Redis):
 *
 * - `sessions.revoked` marks the named sessions revoked here at once, so a revoked session is refused on its
 *   very next request, not when its access token expires;
 * - `users.changed` drops the user's entries, so new roles, a new current account or a disabled flag apply
 *   on the next request.
 *
 * A process that missed a message (a dropped connection) still converges: entries live `ttlMs` at most.
 * A database read that raced with an invalidation is not cached (an epoch counter tells), so a stale "still
 * valid" never outlives the message that revoked it.
 *
 * @example
 * const sessions = await createSessionCache({ db, coordinator });
 * const result = await sessions.check({ sessionId: claims.sessionId, userId: claims.userId });
 * if (!result.ok) return unauthorized(result.reason);
 */
export interface SessionCache {
  check(subject: { sessionId: string; userId: string }): Promise<SessionCheckResult>;
  /** Applies a revocation in this process at once; the revoker calls it before publishing. */
  markRevoked(sessionIds: readonly string[]): void;
  /** Drops what this process knows about these users. */
  forgetUsers(userIds: readonly string[]): void;
  close(): Promise<void>;
}

export type SessionRefusal = 'unknown' | 'revoked' | 'expired' | 'disabled' | 'mismatch';

export type SessionCheckResult = { ok: true; principal: Principal } | { ok: false; reason: SessionRefusal };

export interface SessionCacheOptions {
  db: Database;
  coordinator: Coordinator;
  /** How long a "session stands" answer is trusted without hearing from pub/sub. Defaults to 30 s. */
  ttlMs?: number;
  /** At most this many sessions are cached; the oldest go first. Defaults to 20,000. */
  maxEntries?: number;
  /** How often a session's `last_used_at` is written (per process). Defaults to 5 min; 0 never writes. */
  touchIntervalMs?: number;
  /** Failures of background work (the last-used stamp). Defaults to ignoring them. */
  onError?: (err: unknown) => void;
  now?: () => number;
}

type Entry =
  | { kind: 'row'; row: SessionPrincipalRow; principal: Principal; loadedAt: number }
  | { kind: 'missing'; loadedAt: number }
  | { kind: 'revoked'; loadedAt: number };

export async function createSessionCache(options: SessionCacheOptions): Promise<SessionCache> {
  const ttlMs = options.ttlMs ?? 30_000;
  const maxEntries = options.maxEntries ?? 20_000;
  const touchIntervalMs = options.touchIntervalMs ?? 5 * 60_000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  const loading = new Map<string, Promise<Entry>>();
  const touched = new Map<string, number>();
  /** Bumped by every invalidation; a load that saw it change is not cached. */
  let epoch = 0;

  const put = (sessionId: string, entry: Entry) => {
    entries.delete(sessionId);
    entries.set(sessionId, entry);
    while (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
  };

  const markRevoked = (sessionIds: readonly string[]) => {
    epoch++;
    for (const id of sessionIds) put(id, { kind: 'revoked', loadedAt: now() });
  };
  const forgetUsers = (userIds: readonly string[]) => {
    epoch++;
    const users = new Set(userIds);
    for (const [id, entry] of entries)
      if (entry.kind === 'row' && users.has(entry.row.userId)) entries.delete(id);
  };

  const unsubscribers: Unsubscribe[] = await Promise.all([
    subscribeEvent(options.coordinator, 'sessions.revoked', (m) => {
      if (Array.isArray(m.sessionIds)) markRevoked(m.sessionIds.filter((id) => typeof id === 'string'));
    }),
    subscribeEvent(options.coordinator, 'users.changed', (m) => {
      if (Array.isArray(m.userIds)) forgetUsers(m.userIds.filter((id) => typeof id === 'string'));
    }),
  ]);

  const load = async (sessionId: string): Promise<Entry> => {
    for (let attempt = 0; ; attempt++) {
      const seen = epoch;
      const row = await loadSessionPrincipal(options.db, sessionId);
      const entry: Entry = row
        ? { kind: 'row', row, principal: toPrincipal(row), loadedAt: now() }
        : { kind: 'missing', loadedAt: now() };
      if (seen === epoch) {
        const current = entries.get(sessionId);
        if (current?.kind !== 'revoked') put(sessionId, entry);
        return current?.kind === 'revoked' ? current : entry;
      }
      // An invalidation arrived while we read: our row may predate it. Read again (bounded).
      const current = entries.get(sessionId);
      if (current?.kind === 'revoked') return current;
      if (attempt >= 2) return entry;
    }
  };

  const lookup = async (sessionId: string): Promise<Entry> => {
    const cached = entries.get(sessionId);
    if (cached && (cached.kind === 'revoked' || now() - cached.loadedAt < ttlMs)) return cached;
    let pending = loading.get(sessionId);
    if (!pending) {
      pending = load(sessionId).finally(() => loading.delete(sessionId));
      loading.set(sessionId, pending);
    }
    return pending;
  };

  const touch = (sessionId: string) => {
    if (touchIntervalMs <= 0) return;
    const last = touched.get(sessionId) ?? 0;
    if (now() - last < touchIntervalMs) return;
    touched.set(sessionId, now());
    if (touched.size > maxEntries) touched.delete(touched.keys().next().value!);
    touchSession(options.db, sessionId).catch((err: unknown) => options.onError?.(err));
  };

  return {
    async check({ sessionId, userId }) {
      const entry = await lookup(sessionId);
      if (entry.kind === 'revoked') return { ok: false, reason: 'revoked' };
      if (entry.kind === 'missing') return { ok: false, reason: 'unknown' };
      const { row } = entry;
      if (row.userId !== userId) return { ok: false, reason: 'mismatch' };
      if (row.revokedAt) return { ok: false, reason: 'revoked' };
      if (row.expiresAt.getTime() <= now()) return { ok: false, reason: 'expired' };
      if (row.disabled) return { ok: false, reason: 'disabled' };
      touch(sessionId);
      return { ok: true, principal: entry.principal };
    },
    markRevoked,
    forgetUsers,
    async close() {
      await Promise.all(unsubscribers.map((u) => u()));
      entries.clear();
    },
  };
}

function toPrincipal(row: SessionPrincipalRow): Principal {
  return {
    userId: row.userId,
    sessionId: row.sessionId,
    email: row.email,
    name: row.name,
    locale: row.locale,
    roles: row.roles as RoleCode[],
    permissions: new Set<Permission>(row.permissions.filter(isPermission)),
    currentAccountId: row.currentAccountId,
  };
}
