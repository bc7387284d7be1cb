import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { DB } from './schema.ts';
import { FileMigrationProvider, Migrator, type MigrationResult } from 'kysely/migration';

/** Where the migration files live. Names are timestamps, so lexical order is chronological order. */
export const MIGRATIONS_DIR = path.join(import.meta.dirname, 'migrations');

export class MigrationError extends Error {
  readonly code = 'MIGRATION_FAILED';
  readonly results: MigrationResult[];
  constructor(message: string, results: MigrationResult[], cause: unknown) {
    super(message, { cause });
    this.name = 'MigrationError';
    this.results = results;
  }
}

/**
 * A Kysely migrator over `db/src/migrations`. Kysely serialises concurrent runs with an advisory lock, so
 * two services starting at once cannot both migrate.
 */
export function createMigrator(db: Kysely<DB>): Migrator {
  return new Migrator({
    db,
    provider: new FileMigrationProvider({ fs, path, migrationFolder: MIGRATIONS_DIR }),
  });
}

/**
 * Brings the schema to the latest migration. Must run as the owner role (see `createDb({ role: 'owner' })`).
 *
 * @example
 * const results = await migrateToLatest(ownerDb);
 * for (const r of results) console.log(r.status, r.migrationName);
 */
export async function migrateToLatest(db: Kysely<DB>): Promise<MigrationResult[]> {
  const { error, results = [] } = await createMigrator(db).migrateToLatest();
  if (error) throw new MigrationError(failureMessage('migrate', results, error), results, error);
  return results;
}

/** Undoes the latest migration. */
export async function rollbackOne(db: Kysely<DB>): Promise<MigrationResult[]> {
  const { error, results = [] } = await createMigrator(db).migrateDown();
  if (error) throw new MigrationError(failureMessage('rollback', results, error), results, error);
  return results;
}

function failureMessage(what: string, results: MigrationResult[], error: unknown): string {
  const failed = results.find((r) => r.status === 'Error')?.migrationName ?? 'unknown migration';
  const reason = error instanceof Error ? error.message : String(error);
  return `${what} failed at ${failed}: ${reason}`;
}
