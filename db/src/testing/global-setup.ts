import { ensureTemplate } from './test-database.ts';

/** Vitest `globalSetup`: builds the migrated template once per run, before any test file starts. */
export default async function setup(): Promise<void> {
  await ensureTemplate();
}
