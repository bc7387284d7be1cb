import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { dataDir } from './paths.ts';

/** The secrets every environment needs. Production must set them; development generates them once. */
export const SECRET_VARIABLES = [
  'APP_ENCRYPTION_KEY',
  'INTERNAL_API_SECRET',
  'JWT_ACCESS_SECRET',
  'JWT_REFRESH_SECRET',
] as const;

export type SecretVariable = (typeof SECRET_VARIABLES)[number];
type Secrets = Record<SecretVariable, string>;

function generate(name: SecretVariable): string {
  if (name === 'APP_ENCRYPTION_KEY') return `dev1:${randomBytes(32).toString('base64')}`;
  return randomBytes(48).toString('base64url');
}

function readSecretsFile(file: string): Partial<Secrets> | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Partial<Secrets>;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`Cannot read development secrets at ${file}: ${(err as Error).message}`, { cause: err });
  }
}

/**
 * Returns development secrets from `.data/secrets/dev-secrets.json`, creating the file (mode 0600) with fresh
 * random values the first time. Values are stable across restarts, so sessions and encrypted credentials
 * survive them. Never used when NODE_ENV=production.
 */
export function loadDevSecrets(env: NodeJS.ProcessEnv = process.env): Secrets {
  const dir = path.join(dataDir(env), 'secrets');
  const file = path.join(dir, 'dev-secrets.json');
  const existing = readSecretsFile(file);
  const secrets = { ...existing } as Partial<Secrets>;
  const missing = SECRET_VARIABLES.filter((name) => !secrets[name]);
  if (missing.length === 0) return secrets as Secrets;

  for (const name of missing) secrets[name] = generate(name);
  // .data itself stays traversable (the embedded PostgreSQL, running as its own OS user, lives in it);
  // only the secrets folder is private.
  mkdirSync(dataDir(env), { recursive: true, mode: 0o755 });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  try {
    // The first creation hard-links the complete file into place: if another process created it meanwhile,
    // the link fails and its values win, so services started together agree and never read half a file.
    if (existing) renameSync(tmp, file);
    else linkSync(tmp, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return loadDevSecrets(env);
  } finally {
    rmSync(tmp, { force: true });
  }
  return secrets as Secrets;
}
