import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is wb-emulator/src/specs-dir.ts). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Where WB's OpenAPI specs live: `WB_OPENAPI_DIR` when set, else `../shared/wb/openapi` next to the
 * repository root (a git worktree deeper down, `/work/wt/<name>`, finds it by looking further up), else the
 * snapshot kept in `wb-emulator/openapi` (a clone elsewhere, such as CI's). Versions are folders inside it
 * (`2026-07`, `2025-12`).
 */
export function specsDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.WB_OPENAPI_DIR) return path.resolve(env.WB_OPENAPI_DIR);
  const primary = path.resolve(REPO_ROOT, '..', 'shared', 'wb', 'openapi');
  if (existsSync(primary)) return primary;
  for (let dir = path.dirname(REPO_ROOT); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'shared', 'wb', 'openapi');
    if (existsSync(candidate)) return candidate;
  }
  return path.join(REPO_ROOT, 'wb-emulator', 'openapi');
}
