import { ensureUiBuild } from '../../src/server/ui-build.ts';

/** Builds the UI once per test run (only when its sources changed), before any e2e file starts a server. */
export default async function setup(): Promise<void> {
  await ensureUiBuild((line) => process.stdout.write(`${line}\n`));
}
