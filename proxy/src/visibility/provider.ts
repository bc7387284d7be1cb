import { loadVisibility, type Database } from '@joycity/db';
import { subscribeEvent, type Coordinator, type Unsubscribe } from '@joycity/shared/coordination';
import type { Logger } from '@joycity/shared/logger';
import { nextMoscowMonthBoundary } from '@joycity/shared/time';
import { createVisibleSet, type VisibleSet } from './visible-set.ts';

export interface VisibleSetProviderOptions {
  db: Database;
  coordinator: Coordinator;
  logger: Logger;
  /** Entries also expire after this long, in case an invalidation was missed. Default 5 minutes. */
  ttlMs?: number;
}

export interface VisibleSetProvider {
  get(userId: string, accountId: number, at?: Date): Promise<VisibleSet>;
  /** Drops the cached sets of these users (all accounts). */
  invalidate(userIds: readonly string[]): void;
  /** Subscribes to `assignments.changed`; resolves once live. */
  start(): Promise<void>;
  stop(): Promise<void>;
  readonly size: number;
}

interface Entry {
  set: Promise<VisibleSet>;
  /** Cached until the Moscow month ends or the TTL passes, whichever is first. */
  until: number;
  generation: number;
}

/**
 * The visible sets of managers, cached per user and account. A set is dropped at once when `assignments.changed`
 * names the user (Redis pub/sub or PostgreSQL LISTEN/NOTIFY, whichever coordinator runs), when the Moscow month
 * it was computed for ends, and after `ttlMs` as a safety net.
 *
 * @example
 * const visibleSets = createVisibleSetProvider({ db, coordinator, logger });
 * await visibleSets.start();
 * const visible = await visibleSets.get(user.id, user.currentAccountId, new Date());
 */
export function createVisibleSetProvider(options: VisibleSetProviderOptions): VisibleSetProvider {
  const { db, coordinator, logger } = options;
  const ttlMs = options.ttlMs ?? 300_000;
  if (!(ttlMs > 0)) throw new RangeError('ttlMs must be positive');
  const cache = new Map<string, Entry>();
  const generations = new Map<string, number>();
  let unsubscribe: Unsubscribe | undefined;

  const key = (userId: string, accountId: number) => `${userId}:${accountId}`;

  function invalidate(userIds: readonly string[]): void {
    const users = new Set(userIds);
    for (const u of users) generations.set(u, (generations.get(u) ?? 0) + 1);
    for (const k of [...cache.keys()]) if (users.has(k.slice(0, k.indexOf(':')))) cache.delete(k);
  }

  return {
    get size() {
      return cache.size;
    },
    async get(userId, accountId, at = new Date()) {
      const k = key(userId, accountId);
      const now = at.getTime();
      const hit = cache.get(k);
      if (hit && hit.until > now && hit.generation === (generations.get(userId) ?? 0)) return hit.set;
      const generation = generations.get(userId) ?? 0;
      const set = loadVisibility(db, { accountId, userId }).then(({ months, cards }) =>
        createVisibleSet({ userId, accountId, at, months, cards }),
      );
      const entry: Entry = {
        set,
        until: Math.min(nextMoscowMonthBoundary(at).getTime(), now + ttlMs),
        generation,
      };
      cache.set(k, entry);
      set.catch(() => {
        if (cache.get(k) === entry) cache.delete(k);
      });
      return set;
    },
    invalidate,
    async start() {
      if (unsubscribe) return;
      unsubscribe = await subscribeEvent(coordinator, 'assignments.changed', (event) => {
        if (!Array.isArray(event.userIds)) return;
        invalidate(event.userIds.filter((u): u is string => typeof u === 'string'));
        logger.debug({ users: event.userIds.length, accountId: event.accountId }, 'visible sets invalidated');
      });
    },
    async stop() {
      const u = unsubscribe;
      unsubscribe = undefined;
      await u?.();
      cache.clear();
    },
  };
}
