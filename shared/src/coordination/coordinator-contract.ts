import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LockTimeoutError, type Coordinator } from './types.ts';

/** Opens a fresh coordinator; every call is a separate "process" as far as the adapter can tell. */
export type CoordinatorFactory = (namespace: string) => Promise<Coordinator>;

export interface ContractSetup {
  /** Called once before the suite; returns the factory and, for the crash test, how to reach the backend. */
  setup(): Promise<{ open: CoordinatorFactory; backend: { kind: 'redis' | 'postgres'; url: string } }>;
  teardown?(): Promise<void>;
}

/**
 * The behaviour every coordination adapter must have. Redis and PostgreSQL run exactly these tests, so code
 * written against one behaves the same on the other.
 */
export function coordinatorContract(name: string, setup: ContractSetup): void {
  describe(`${name} coordinator contract`, () => {
    let open: CoordinatorFactory;
    let backend: { kind: 'redis' | 'postgres'; url: string };
    const namespace = `t${randomUUID().slice(0, 8)}`;
    let a: Coordinator;
    let b: Coordinator;

    beforeAll(async () => {
      ({ open, backend } = await setup.setup());
      a = await open(namespace);
      b = await open(namespace);
    });
    afterAll(async () => {
      await a?.close();
      await b?.close();
      await setup.teardown?.();
    });

    it('delivers a published message to every subscriber in every process, until unsubscribed', async () => {
      const gotA: string[] = [];
      const gotB: string[] = [];
      const unsubA = await a.subscribe('events', (m) => gotA.push(m));
      const unsubB = await b.subscribe('events', (m) => gotB.push(m));
      await b.publish('events', 'hello');
      await expect.poll(() => [gotA, gotB]).toEqual([['hello'], ['hello']]);

      await unsubA();
      await a.publish('events', 'second');
      await expect.poll(() => gotB).toEqual(['hello', 'second']);
      await sleep(100);
      expect(gotA).toEqual(['hello']);
      await unsubB();
    });

    it('keeps channels and namespaces apart', async () => {
      const other = await open(`${namespace}-other`);
      const got: string[] = [];
      const unsub = await a.subscribe('only-this', (m) => got.push(m));
      await a.publish('another-channel', 'x');
      await other.publish('only-this', 'y');
      await a.publish('only-this', 'z');
      await expect.poll(() => got).toEqual(['z']);
      await unsub();
      await other.close();
    });

    it('caches with a time to live and shares entries across processes', async () => {
      await a.cacheSet('k1', 'v1', 10_000);
      expect(await b.cacheGet('k1')).toBe('v1');
      await b.cacheSet('k1', 'v2', 10_000);
      expect(await a.cacheGet('k1')).toBe('v2');
      await a.cacheDelete('k1');
      expect(await b.cacheGet('k1')).toBeNull();

      await a.cacheSet('short', 'x', 150);
      expect(await b.cacheGet('short')).toBe('x');
      await sleep(250);
      expect(await b.cacheGet('short')).toBeNull();
    });

    it('increments atomically across processes and restarts the count after expiry', async () => {
      const results = await Promise.all(
        Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).increment('counter', 10_000)),
      );
      expect(new Set(results).size).toBe(40);
      expect(Math.max(...results)).toBe(40);
      expect(await a.increment('counter', 10_000, 5)).toBe(45);

      expect(await a.increment('brief', 150)).toBe(1);
      expect(await b.increment('brief', 150)).toBe(2);
      await sleep(250);
      expect(await a.increment('brief', 150)).toBe(1);
    });

    it('never lets two holders into a lock at once', async () => {
      let inside = 0;
      let maxInside = 0;
      let entries = 0;
      await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          (i % 2 ? a : b).withLock('critical', { waitMs: 10_000, ttlMs: 5_000 }, async () => {
            inside++;
            maxInside = Math.max(maxInside, inside);
            await sleep(5);
            entries++;
            inside--;
          }),
        ),
      );
      expect(entries).toBe(12);
      expect(maxInside).toBe(1);
    });

    it('gives up waiting with LOCK_TIMEOUT, and frees a lock whose holder threw', async () => {
      let release!: () => void;
      const held = a.withLock('busy', { waitMs: 1_000 }, () => new Promise<void>((r) => (release = r)));
      await sleep(50);
      const err = await b.withLock('busy', { waitMs: 150 }, async () => 'never').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(LockTimeoutError);
      expect((err as LockTimeoutError).code).toBe('LOCK_TIMEOUT');
      release();
      await held;

      await expect(
        a.withLock('throws', { waitMs: 500 }, async () => {
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await b.withLock('throws', { waitMs: 500 }, async () => 'got it')).toBe('got it');
    });

    it('frees the lock of a process that was killed while holding it', async () => {
      const child = fork(
        new URL('./lock-holder.fixture.ts', import.meta.url),
        [backend.kind, backend.url, namespace],
        {
          stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
        },
      );
      await new Promise<void>((resolve, reject) => {
        child.once('message', () => resolve());
        child.once('exit', (code) => reject(new Error(`lock holder exited early (${code})`)));
      });
      const err = await a.withLock('orphan', { waitMs: 100 }, async () => 'x').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(LockTimeoutError);
      child.kill('SIGKILL');
      // Redis frees it when the 1 s TTL lapses; PostgreSQL when it notices the dead connection.
      expect(await a.withLock('orphan', { waitMs: 5_000 }, async () => 'taken')).toBe('taken');
    });

    it('shares a token bucket: bursts up to capacity, then refills at the given rate', async () => {
      const bucket = { capacity: 3, refillPerSecond: 10 };
      const first = await Promise.all(
        Array.from({ length: 6 }, (_, i) => (i % 2 ? a : b).takeTokens('bucket', bucket)),
      );
      expect(first.filter((r) => r.allowed)).toHaveLength(3);
      const denied = first.find((r) => !r.allowed)!;
      expect(denied.retryAfterMs).toBeGreaterThan(0);
      expect(denied.retryAfterMs).toBeLessThanOrEqual(100);

      await sleep(120);
      expect((await a.takeTokens('bucket', bucket)).allowed).toBe(true);
      expect((await b.takeTokens('bucket', bucket)).allowed).toBe(false);
    });

    it('penalizes a bucket until the wait a server asked for is over', async () => {
      const bucket = { capacity: 5, refillPerSecond: 50 };
      expect((await a.takeTokens('penalized', bucket)).allowed).toBe(true);
      await b.penalize('penalized', bucket, 300);
      const blocked = await a.takeTokens('penalized', bucket);
      expect(blocked.allowed).toBe(false);
      expect(blocked.retryAfterMs).toBeGreaterThan(200);
      expect(blocked.retryAfterMs).toBeLessThanOrEqual(300);
      await sleep(blocked.retryAfterMs + 20);
      expect((await b.takeTokens('penalized', bucket)).allowed).toBe(true);
    });

    it('rejects a malformed token bucket', async () => {
      await expect(a.takeTokens('bad', { capacity: 0, refillPerSecond: 1 })).rejects.toThrow(/capacity/);
      await expect(a.takeTokens('bad', { capacity: 1, refillPerSecond: -1 })).rejects.toThrow(
        /refillPerSecond/,
      );
    });
  });
}
