import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readlinkSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { PostgresBinaries } from './binaries.ts';

/**
 * PostgreSQL refuses to run as root. When we are root, the server runs as the unprivileged `postgres` OS
 * user (created if missing). That user must be able to reach the binaries and the data directory; a
 * checkout under a private directory such as /root is not reachable, so then the binaries are copied to a
 * shared location and the data directory is kept under /var/lib/joycity with `.data/postgres` a symlink to
 * it. Data stays persistent either way.
 */
export interface RunAs {
  uid: number;
  gid: number;
}

export const PG_OS_USER = 'postgres';

export function isRoot(): boolean {
  return process.getuid?.() === 0;
}

export function ensureOsUser(): RunAs {
  const lookup = () => {
    try {
      const uid = Number(execFileSync('id', ['-u', PG_OS_USER], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', PG_OS_USER], { encoding: 'utf8' }).trim());
      return { uid, gid };
    } catch {
      return undefined;
    }
  };
  const existing = lookup();
  if (existing) return existing;
  execFileSync('useradd', [
    '--system',
    '--user-group',
    '--no-create-home',
    '--shell',
    '/usr/sbin/nologin',
    PG_OS_USER,
  ]);
  const created = lookup();
  if (!created) throw new Error(`could not create the '${PG_OS_USER}' OS user to run PostgreSQL as`);
  return created;
}

/** True when `user` can run `test <flags> <target>`, i.e. reach the path with those rights. */
function canAccess(flags: string[], target: string): boolean {
  try {
    execFileSync('runuser', ['-u', PG_OS_USER, '--', 'test', ...flags, target], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function reachableBinaries(binaries: PostgresBinaries): PostgresBinaries {
  if (canAccess(['-x'], binaries.postgres)) return binaries;
  const version = path.basename(path.dirname(binaries.root));
  const target = path.join(
    os.tmpdir(),
    `joycity-embedded-pg-${createHash('sha256').update(binaries.root).digest('hex').slice(0, 12)}-${version}`,
  );
  if (!existsSync(path.join(target, 'bin', 'postgres'))) {
    rmSync(target, { recursive: true, force: true });
    cpSync(binaries.root, target, { recursive: true, verbatimSymlinks: true });
    chmodSync(target, 0o755);
  }
  return {
    root: target,
    initdb: path.join(target, 'bin', 'initdb'),
    postgres: path.join(target, 'bin', 'postgres'),
  };
}

/**
 * Returns the real data directory to hand to PostgreSQL, owned by `runAs`. `requested` (normally
 * `.data/postgres`) is used as is when reachable, or becomes a symlink to a reachable location.
 */
export function reachableDataDir(requested: string, runAs: RunAs): string {
  mkdirSync(path.dirname(requested), { recursive: true });
  const stat = lstatSync(requested, { throwIfNoEntry: false });
  let real = requested;
  if (stat?.isSymbolicLink()) {
    real = path.resolve(path.dirname(requested), readlinkSync(requested));
  } else if (!canAccess(['-x'], path.dirname(requested))) {
    if (stat) {
      throw new Error(
        `${requested} exists, but the '${PG_OS_USER}' OS user cannot reach it. Move the checkout to a readable place or set DATABASE_URL.`,
      );
    }
    const id = createHash('sha256').update(path.resolve(requested)).digest('hex').slice(0, 16);
    real = path.join('/var/lib/joycity', id, 'postgres');
    mkdirSync(path.dirname(real), { recursive: true, mode: 0o755 });
    symlinkSync(real, requested);
  }
  mkdirSync(real, { recursive: true, mode: 0o700 });
  chownSync(real, runAs.uid, runAs.gid);
  chmodSync(real, 0o700);
  return real;
}
