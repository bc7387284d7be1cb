import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import { typeParsers } from './pg-type-parsers.ts';
import type { DB } from './schema.ts';

/**
 * The database role a connection runs as.
 *
 * - `app`: every service. Cannot grant or revoke ADMIN, cannot alter the audit log.
 * - `bootstrap`: only the `admin:create` CLI. May grant ADMIN.
 * - `owner`: the login role itself, for migrations and test set-up.
 */
export type DbRole = 'app' | 'bootstrap' | 'owner';

const ROLE_NAMES: Record<Exclude<DbRole, 'owner'>, string> = {
  app: 'joycity_app',
  bootstrap: 'joycity_bootstrap',
};

export interface CreateDbOptions {
  connectionString: string;
  /** Defaults to `app`. */
  role?: DbRole;
  /** Pool size; defaults to 10. */
  max?: number;
  /** Shown in pg_stat_activity, so operators can tell services apart. */
  applicationName?: string;
  /** Server-side statement timeout in ms; 0 disables. Defaults to 30 s. */
  statementTimeoutMs?: number;
}

export type Database = Kysely<DB>;
export type Trx = Transaction<DB>;
/** Repositories accept either, so callers choose whether they run inside a transaction. */
export type Executor = Kysely<DB> | Transaction<DB>;

/**
 * Opens a pooled Kysely client. The role is applied with the connection's startup options
 * (`-c role=…`), so every pooled connection runs as that role from its first statement; there is no window
 * in which a query runs as the login user.
 *
 * @example
 * const db = createDb({ connectionString: config.databaseUrl, applicationName: 'proxy' });
 * const user = await findUserByEmail(db, 'a@b.ru');
 * await db.destroy();
 */
export function createDb(options: CreateDbOptions): Database {
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool: createPool(options) }) });
}

/** A raw pg pool with the same settings as {@link createDb}, for LISTEN/NOTIFY, COPY and advisory locks. */
export function createPool(options: CreateDbOptions): pg.Pool {
  const role = options.role ?? 'app';
  const pgOptions = [`-c statement_timeout=${options.statementTimeoutMs ?? 30_000}`];
  if (role !== 'owner') pgOptions.push(`-c role=${ROLE_NAMES[role]}`);
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max ?? 10,
    application_name: options.applicationName ?? 'joycity',
    options: pgOptions.join(' '),
    types: typeParsers,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 10_000,
  });
  // An idle client that loses its connection emits 'error' on the pool; without a listener that would crash
  // the process. The pool discards the client and the next query opens a fresh one.
  pool.on('error', () => undefined);
  return pool;
}
