// Adds lockfile entries for platform-specific optional packages the registry mirror cannot serve.
//
// This machine's npm registry mirror omits some platform builds (e.g. @turbo/darwin-64). npm install then
// leaves them out of package-lock.json, and `npm ci` refuses the lock as out of sync. An entry with the
// package's `os`/`cpu` is exactly what npm writes on a full registry, and `npm ci` skips it on other platforms.
// Run after adding dependencies: `node scripts/complete-lockfile.ts`.
import { readFileSync, writeFileSync } from 'node:fs';

type Entry = {
  version?: string;
  dev?: boolean;
  optional?: boolean;
  optionalDependencies?: Record<string, string>;
};
const file = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(file, 'utf8')) as { packages: Record<string, Entry> };

const OS: Array<[RegExp, string]> = [
  [/darwin|macos/, 'darwin'],
  [/win32|windows/, 'win32'],
  [/linux/, 'linux'],
  [/freebsd/, 'freebsd'],
  [/android/, 'android'],
];
const CPU: Array<[RegExp, string]> = [
  [/arm64|aarch64/, 'arm64'],
  [/(^|-)x64|(^|-)64($|-)|amd64|x86_64/, 'x64'],
  [/ia32|(^|-)x86($|-)/, 'ia32'],
  [/(^|-)arm($|-)|armv7|gnueabihf/, 'arm'],
];
const match = (name: string, table: Array<[RegExp, string]>) => table.find(([re]) => re.test(name))?.[1];

let added = 0;
for (const [path, entry] of Object.entries(lock.packages)) {
  for (const [dep, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const nested = `${path ? `${path}/` : ''}node_modules/${dep}`;
    if (lock.packages[nested] || lock.packages[`node_modules/${dep}`]) continue;
    const base = dep.split('/').pop()!;
    const os = match(base, OS);
    const cpu = match(base, CPU);
    if (!os || !cpu) {
      console.warn(`skipped ${dep}: cannot tell its platform from the name`);
      continue;
    }
    lock.packages[nested] = {
      version: version.replace(/^[\^~]/, ''),
      ...(entry.dev ? { dev: true } : {}),
      optional: true,
      os: [os],
      cpu: [cpu],
    } as Entry;
    added++;
  }
}
const sorted = Object.fromEntries(
  Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : 1)),
);
writeFileSync(file, `${JSON.stringify({ ...lock, packages: sorted }, null, 2)}\n`);
console.log(`complete-lockfile: added ${added} platform entr${added === 1 ? 'y' : 'ies'}`);
