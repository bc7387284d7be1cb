import path from 'node:path';

/** The repository root: shared/src/config is three levels down. Docker images keep the same layout. */
export const REPO_ROOT = path.resolve(import.meta.dirname, '../../..');

/**
 * Where local state lives: embedded PostgreSQL, development secrets, avatars without S3. `.data` at the
 * repository root unless `DATA_DIR` says otherwise; it is git-ignored.
 */
export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.DATA_DIR ?? path.join(REPO_ROOT, '.data'));
}
