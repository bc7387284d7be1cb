import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Database } from './client.ts';
import { migrateToLatest, rollbackOne } from './migrator.ts';
import { testServerUrl } from './testing/index.ts';

// Runs the migrations against an empty database (not the template), all the way up, all the way down, and
// up again: every `down` must undo its `up` exactly.
const name = `jct_${process.pid}_${randomBytes(4).toString('hex')}_empty`;
let db: Database;

async function admin(query: string) {
  const client = new pg.Client({ connectionString: testServerUrl() });
  await client.connect();
  try {
    await client.query(query);
  } finally {
    await client.end();
  }
}

async function tableNames(): Promise<string[]> {
  const { rows } = await sql<{ tablename: string }>`
    SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename NOT LIKE 'kysely_%' ORDER BY 1
  `.execute(db);
  return rows.map((r) => r.tablename);
}

beforeAll(async () => {
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(testServerUrl());
  url.pathname = `/${name}`;
  db = createDb({ connectionString: url.toString(), role: 'owner', max: 1 });
});

afterAll(async () => {
  await db.destroy();
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
});

describe('migrations', () => {
  it('apply in order, roll back completely, and apply again', async () => {
    const applied = await migrateToLatest(db);
    expect(applied.length).toBeGreaterThan(5);
    expect(applied.every((r) => r.status === 'Success')).toBe(true);
    const names = applied.map((r) => r.migrationName);
    expect(names).toEqual([...names].sort());
    const tablesAfterUp = await tableNames();
    expect(tablesAfterUp).toEqual(
      expect.arrayContaining([
        'users',
        'user_roles',
        'accounts',
        'assignments',
        'wb_report_rows',
        'audit_log',
        'settings',
      ]),
    );

    for (let i = 0; i < applied.length; i++) await rollbackOne(db);
    expect(await tableNames()).toEqual([]);
    const { rows } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'
    `.execute(db);
    expect(rows[0]!.n).toBe(0);

    expect((await migrateToLatest(db)).length).toBe(applied.length);
    expect(await tableNames()).toEqual(tablesAfterUp);
    expect(await migrateToLatest(db)).toEqual([]);
  });
});
