import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { createDb, type Database, type DbRole } from '../client.ts';
import { MIGRATIONS_DIR, migrateToLatest } from '../migrator.ts';

/**
 * Test databases: every test file gets its own database, cloned from a migrated template. The template's name
 * carries a hash of the migrations, so a changed migration builds a new template and an unchanged one is
 * reused across runs (cloning takes a fraction of a second; migrating takes seconds).
 */

/** The server tests use. CI exports DATABASE_URL; a developer machine falls back to the local default. */
export function testServerUrl(): string {
  return process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
}

const TEST_DB_PREFIX = 'jct_';

export function templateName(): string {
  const hash = createHash('sha256');
  for (const file of readdirSync(MIGRATIONS_DIR).sort()) {
    hash.update(file);
    hash.update(readFileSync(path.join(MIGRATIONS_DIR, file)));
  }
  return `jctpl_${hash.digest('hex').slice(0, 16)}`;
}

function urlFor(database: string, base = testServerUrl()): string {
  const url = new URL(base);
  url.pathname = `/${database}`;
  return url.toString();
}

async function withAdminClient<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: testServerUrl() });
  try {
    await client.connect();
  } catch (err) {
    throw new Error(
      `Tests need PostgreSQL at ${redactUrl(testServerUrl())} (set DATABASE_URL): ${(err as Error).message}`,
      { cause: err },
    );
  }
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function redactUrl(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

/**
 * Builds the migrated template unless it exists, and sweeps databases left by test processes that died.
 * Safe to call from parallel processes: an advisory lock serialises it. Vitest calls it once per run from
 * `globalSetup`.
 */
export async function ensureTemplate(): Promise<string> {
  const name = templateName();
  await withAdminClient(async (client) => {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', ['joycity-test-template']);
    try {
      await sweepStaleDatabases(client);
      const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (exists.rowCount) return;
      const building = `${name}_building`;
      await client.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
      await client.query(`CREATE DATABASE ${building}`);
      const db = createDb({ connectionString: urlFor(building), role: 'owner', max: 1 });
      try {
        await migrateToLatest(db);
      } finally {
        await db.destroy();
      }
      await client.query(`ALTER DATABASE ${building} RENAME TO ${name}`);
      await client.query(`ALTER DATABASE ${name} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false`);
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', ['joycity-test-template']);
    }
  });
  return name;
}

async function sweepStaleDatabases(client: pg.Client): Promise<void> {
  const { rows } = await client.query<{ datname: string }>(
    `SELECT datname FROM pg_database WHERE datname LIKE $1`,
    [`${TEST_DB_PREFIX}%`],
  );
  for (const { datname } of rows) {
    const pid = Number(datname.split('_')[1]);
    if (Number.isInteger(pid) && !isAlive(pid)) {
      await client.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface TestDatabase {
  /** Connection string of this file's own database (as the login user). */
  url: string;
  name: string;
  /** A Kysely client on it; `app` by default, as the services run. */
  connect(role?: DbRole): Database;
  /** Closes every client made by `connect` and drops the database. */
  drop(): Promise<void>;
}

/**
 * A fresh, migrated database of one's own.
 *
 * @example
 * let tdb: TestDatabase;
 * beforeAll(async () => { tdb = await createTestDatabase(); });
 * afterAll(() => tdb.drop());
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const template = await ensureTemplate();
  const name = `${TEST_DB_PREFIX}${process.pid}_${randomBytes(6).toString('hex')}`;
  await withAdminClient((client) =>
    client.query(`CREATE DATABASE ${name} TEMPLATE ${template} STRATEGY FILE_COPY`),
  );
  const url = urlFor(name);
  const clients: Database[] = [];
  return {
    url,
    name,
    connect(role: DbRole = 'app') {
      const db = createDb({ connectionString: url, role, max: 5, applicationName: 'joycity-test' });
      clients.push(db);
      return db;
    },
    async drop() {
      await Promise.all(clients.map((db) => db.destroy()));
      await withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}
