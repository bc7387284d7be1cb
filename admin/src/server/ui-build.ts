import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

/** The admin workspace (where next.config.ts lives). */
export const ADMIN_DIR = path.resolve(import.meta.dirname, '../..');

/** What the UI build is made of. The API (src/api) is not bundled: it runs in our own server process. */
const INPUTS = ['app', 'src/ui', 'src/web', 'src/i18n', 'messages', 'public'];
const INPUT_FILES = ['next.config.ts', 'postcss.config.mjs', 'package.json', 'tsconfig.json'];
const STAMP = '.next/joycity-build.json';

async function listFiles(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/** A hash of every input file's path and bytes, plus the Next.js version. */
export async function uiInputsHash(dir = ADMIN_DIR): Promise<string> {
  const hash = createHash('sha256');
  const files = [
    ...(await Promise.all(INPUTS.map((d) => listFiles(path.join(dir, d))))).flat(),
    ...INPUT_FILES.map((f) => path.join(dir, f)).filter((f) => existsSync(f)),
  ];
  for (const file of files) {
    hash
      .update(path.relative(dir, file))
      .update('\0')
      .update(await readFile(file))
      .update('\0');
  }
  const nextVersion = (createRequire(import.meta.url)('next/package.json') as { version: string }).version;
  return hash.update(nextVersion).digest('hex');
}

/** Why the UI must be built before serving it, or null when the build on disk matches the sources. */
export async function uiBuildStaleness(dir = ADMIN_DIR): Promise<string | null> {
  if (!existsSync(path.join(dir, '.next/BUILD_ID'))) return 'no build yet';
  const stamp = await readFile(path.join(dir, STAMP), 'utf8').catch(() => null);
  if (!stamp) return 'the build carries no source stamp';
  const wanted = await uiInputsHash(dir);
  return (JSON.parse(stamp) as { hash?: string }).hash === wanted
    ? null
    : 'sources changed since the last build';
}

/**
 * Builds the UI (`next build`) when it is missing or stale, and says so; does nothing when it is current.
 * `npm start` and the e2e tests call it, so a fresh clone needs no separate build step, and an unchanged tree
 * is never rebuilt.
 *
 * @example
 * await ensureUiBuild((line) => logger.info(line));
 */
export async function ensureUiBuild(
  say: (line: string) => void,
  dir = ADMIN_DIR,
): Promise<'built' | 'current'> {
  const reason = await uiBuildStaleness(dir);
  if (!reason) return 'current';
  say(`admin UI: building with next build (${reason}); this takes a minute or two`);
  const started = Date.now();
  const hash = await uiInputsHash(dir);
  const nextBin = createRequire(import.meta.url).resolve('next/dist/bin/next');
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [nextBin, 'build'], {
      cwd: dir,
      env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`next build failed (exit ${code}):\n${output.slice(-4000)}`)),
    );
  });
  await writeFile(path.join(dir, STAMP), JSON.stringify({ hash, builtAt: new Date().toISOString() }));
  say(`admin UI: built in ${Math.round((Date.now() - started) / 1000)} s`);
  return 'built';
}
