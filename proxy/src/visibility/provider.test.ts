import { addAssignments, createUser, removeAssignments, type Database } from '@joycity/db';
import { createTestDatabase, type TestDatabase } from '@joycity/db/testing';
import {
  createPostgresCoordinator,
  createRedisCoordinator,
  publishEvent,
  type Coordinator,
} from '@joycity/shared/coordination';
import { createLogger } from '@joycity/shared/logger';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVisibleSetProvider } from './provider.ts';

let tdb: TestDatabase;
let db: Database;
let accountId: number;
let anna: string;
let boris: string;
const logger = createLogger({ service: 'proxy-test', level: 'silent' });

beforeAll(async () => {
  tdb = await createTestDatabase();
  db = tdb.connect();
  accountId = (
    await db
      .insertInto('accounts')
      .values({ name: 'ООО Тест', inn: '7701234567' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  anna = (await createUser(db, { email: 'anna@example.com', name: 'Anna', password_hash: 'x' })).id;
  boris = (await createUser(db, { email: 'boris@example.com', name: 'Boris', password_hash: 'x' })).id;
  await addAssignments(db, { accountId, userId: anna, month: '2026-11-01', nmIds: [101, 102] });
  await addAssignments(db, { accountId, userId: anna, month: '2026-10-01', nmIds: [103] });
  await addAssignments(db, { accountId, userId: anna, month: '2026-12-01', nmIds: [104] });
  await addAssignments(db, { accountId, userId: boris, month: '2026-11-01', nmIds: [201] });
});
afterAll(() => tdb.drop());

const until = async (check: () => Promise<boolean>) => {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('condition not reached in 2 s');
};

describe.each([
  ['postgres', (ns: string) => createPostgresCoordinator({ connectionString: tdb.url, namespace: ns })],
  [
    'redis',
    (ns: string) =>
      createRedisCoordinator({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', namespace: ns }),
  ],
] as const)('visible sets with the %s coordinator', (_kind, open) => {
  let coordinator: Coordinator;
  let publisher: Coordinator;
  beforeAll(async () => {
    const ns = `vis-${randomUUID()}`;
    coordinator = await open(ns);
    publisher = await open(ns);
  });
  afterAll(async () => {
    await coordinator.close();
    await publisher.close();
  });

  it('serves the current Moscow month, dated rows by their month, and is cached per user', async () => {
    const provider = createVisibleSetProvider({ db, coordinator, logger });
    await provider.start();
    const at = new Date('2026-11-20T12:00:00Z');
    const v = await provider.get(anna, accountId, at);
    expect([...v.nmIds].sort()).toEqual([101, 102]);
    expect(v.visibleAt(103, '2026-10-31T23:00:00')).toBe(true);
    expect(v.visibleAt(103, '2026-11-01')).toBe(false);
    expect(v.visibleAt(101, '2026-10-15')).toBe(false);
    expect(v.visibleThroughout(101, '2026-10-25', '2026-11-05')).toBe(false);
    expect(v.visibleThroughout(101, '2026-11-01', '2026-11-20')).toBe(true);
    expect(v.has(201)).toBe(false);
    expect(await provider.get(anna, accountId, at)).toBe(v);
    await provider.stop();
  });

  it('drops a set at once on assignments.changed (published by another process)', async () => {
    const provider = createVisibleSetProvider({ db, coordinator, logger });
    await provider.start();
    const at = new Date('2026-11-20T12:00:00Z');
    const before = await provider.get(anna, accountId, at);
    const borisSet = await provider.get(boris, accountId, at);
    await addAssignments(db, { accountId, userId: anna, month: '2026-11-01', nmIds: [105] });
    await publishEvent(publisher, 'assignments.changed', { accountId, month: '2026-11-01', userIds: [anna] });
    await until(async () => (await provider.get(anna, accountId, at)) !== before);
    expect((await provider.get(anna, accountId, at)).has(105)).toBe(true);
    expect(await provider.get(boris, accountId, at)).toBe(borisSet);
    await removeAssignments(db, { accountId, userId: anna, month: '2026-11-01', nmIds: [105] });
    await publishEvent(publisher, 'assignments.changed', { accountId, month: '2026-11-01', userIds: [anna] });
    await until(async () => !(await provider.get(anna, accountId, at)).has(105));
    await provider.stop();
  });

  it('drops a set at the Moscow month boundary', async () => {
    const provider = createVisibleSetProvider({ db, coordinator, logger, ttlMs: 86_400_000 * 60 });
    const lastMinute = new Date('2026-11-30T20:59:00Z'); // 23:59 in Moscow
    const nov = await provider.get(anna, accountId, lastMinute);
    expect(nov.month).toBe('2026-11-01');
    const dec = await provider.get(anna, accountId, new Date('2026-11-30T21:00:00Z'));
    expect(dec.month).toBe('2026-12-01');
    expect([...dec.nmIds]).toEqual([104]);
  });
});
