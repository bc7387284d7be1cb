import { randomBytes, randomUUID } from 'node:crypto';
import {
  createSession,
  createUser,
  grantRoles,
  revokeSessions,
  updateUser,
  type Database,
} from '@joycity/db';
import { createTestDatabase, type TestDatabase } from '@joycity/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishEvent } from '../coordination/channels.ts';
import { createPostgresCoordinator } from '../coordination/postgres-coordinator.ts';
import { createRedisCoordinator } from '../coordination/redis-coordinator.ts';
import type { Coordinator } from '../coordination/types.ts';
import { createSessionCache, type SessionCache } from './session-cache.ts';

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
let tdb: TestDatabase;
let db: Database;

beforeAll(async () => {
  tdb = await createTestDatabase();
  db = tdb.connect();
});
afterAll(() => tdb.drop());

async function newSession(userId: string) {
  return createSession(db, {
    id: randomUUID(),
    userId,
    refreshTokenHash: randomBytes(32),
    expiresAt: new Date(Date.now() + 3_600_000),
    ip: '10.0.0.1',
    userAgent: 'test',
    device: 'test',
  });
}

describe.each([
  ['redis', (ns: string) => createRedisCoordinator({ url: redisUrl, namespace: ns })],
  ['postgres', (ns: string) => createPostgresCoordinator({ connectionString: tdb.url, namespace: ns })],
] as const)('session cache over %s pub/sub', (_name, open) => {
  const ns = `t${randomUUID().slice(0, 8)}`;
  let coordA: Coordinator;
  let coordB: Coordinator;
  let here: SessionCache;
  let elsewhere: SessionCache;
  let userId: string;

  beforeAll(async () => {
    coordA = await open(ns);
    coordB = await open(ns);
    // Two "processes": each has its own coordinator and cache. A long TTL proves that invalidation comes from
    // pub/sub, not from expiry.
    here = await createSessionCache({ db, coordinator: coordA, ttlMs: 600_000 });
    elsewhere = await createSessionCache({ db, coordinator: coordB, ttlMs: 600_000 });
    userId = (await createUser(db, { email: `u-${ns}@example.com`, name: 'U', password_hash: 'x' })).id;
    await grantRoles(db, userId, ['MANAGER', 'AUDITOR']);
  });
  afterAll(async () => {
    await here.close();
    await elsewhere.close();
    await coordA.close();
    await coordB.close();
  });

  it('answers with the principal as it is now', async () => {
    const session = await newSession(userId);
    const result = await here.check({ sessionId: session.id, userId });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.principal.roles).toEqual(['AUDITOR', 'MANAGER']);
    expect([...result.principal.permissions].sort()).toEqual(['audit.read', 'proxy.access', 'users.read']);
    expect(await here.check({ sessionId: session.id, userId: randomUUID() })).toEqual({
      ok: false,
      reason: 'mismatch',
    });
    expect(await here.check({ sessionId: randomUUID(), userId })).toEqual({ ok: false, reason: 'unknown' });
  });

  it('refuses a session revoked by another process on the next check, through pub/sub', async () => {
    const session = await newSession(userId);
    expect((await here.check({ sessionId: session.id, userId })).ok).toBe(true);
    // The cached "valid" answer would last ten minutes; only the message can end it.
    await revokeSessions(db, { ids: [session.id] }, 'admin');
    expect((await here.check({ sessionId: session.id, userId })).ok).toBe(true);
    elsewhere.markRevoked([session.id]);
    await publishEvent(coordB, 'sessions.revoked', { sessionIds: [session.id], userId });
    await expect
      .poll(() => here.check({ sessionId: session.id, userId }))
      .toEqual({ ok: false, reason: 'revoked' });
    expect(await elsewhere.check({ sessionId: session.id, userId })).toEqual({
      ok: false,
      reason: 'revoked',
    });
  });

  it('applies role changes and disabling on users.changed', async () => {
    const session = await newSession(userId);
    expect((await here.check({ sessionId: session.id, userId })).ok).toBe(true);
    await grantRoles(db, userId, ['SWAGGER']);
    await publishEvent(coordB, 'users.changed', { userIds: [userId] });
    await expect
      .poll(async () => {
        const r = await here.check({ sessionId: session.id, userId });
        return r.ok && r.principal.permissions.has('swagger.view');
      })
      .toBe(true);
    await updateUser(db, userId, { disabled: true });
    await publishEvent(coordB, 'users.changed', { userIds: [userId] });
    await expect
      .poll(() => here.check({ sessionId: session.id, userId }))
      .toEqual({ ok: false, reason: 'disabled' });
    await updateUser(db, userId, { disabled: false });
    await publishEvent(coordA, 'users.changed', { userIds: [userId] });
    await expect.poll(async () => (await here.check({ sessionId: session.id, userId })).ok).toBe(true);
  });

  it('converges without a message once the time to live has passed', async () => {
    let clock = Date.now();
    const short = await createSessionCache({ db, coordinator: coordA, ttlMs: 1_000, now: () => clock });
    const session = await newSession(userId);
    expect((await short.check({ sessionId: session.id, userId })).ok).toBe(true);
    await revokeSessions(db, { ids: [session.id] }, 'user');
    expect((await short.check({ sessionId: session.id, userId })).ok).toBe(true);
    clock += 1_001;
    expect(await short.check({ sessionId: session.id, userId })).toEqual({ ok: false, reason: 'revoked' });
    await short.close();
  });
});
