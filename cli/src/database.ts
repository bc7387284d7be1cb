import { createDb, type Database, type DbRole } from '@joycity/db';
import { dataDir } from '@joycity/shared/config';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from './embedded-postgres/index.ts';

/** The port of the embedded default server; change it with EMBEDDED_PG_PORT if 54329 is taken. */
export function embeddedPort(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.EMBEDDED_PG_PORT ?? '54329';
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new Error(`EMBEDDED_PG_PORT: must be a port number (1-65535), got '${raw}'`);
  }
  return port;
}

/**
 * The database the platform uses: `DATABASE_URL` when set, otherwise the embedded server in `.data/postgres`
 * (started if it is not running yet, reused if it is).
 */
export async function resolveDatabase(
  env: NodeJS.ProcessEnv = process.env,
  onLog?: (line: string) => void,
): Promise<{ url: string; embedded?: EmbeddedPostgresHandle }> {
  if (env.DATABASE_URL) return { url: env.DATABASE_URL };
  const embedded = await startEmbeddedPostgres({
    dataDir: dataDir(env),
    port: embeddedPort(env),
    ...(onLog ? { onLog } : {}),
  });
  return { url: embedded.url, embedded };
}

/** Opens clients lazily, one per role, and closes them all at the end of a CLI command. */
export class DatabaseConnections {
  readonly url: string;
  readonly #clients = new Map<DbRole, Database>();

  constructor(url: string) {
    this.url = url;
  }

  get(role: DbRole = 'app'): Database {
    let db = this.#clients.get(role);
    if (!db) {
      db = createDb({ connectionString: this.url, role, max: 2, applicationName: `joycity-cli-${role}` });
      this.#clients.set(role, db);
    }
    return db;
  }

  async close(): Promise<void> {
    await Promise.all([...this.#clients.values()].map((db) => db.destroy()));
    this.#clients.clear();
  }
}
