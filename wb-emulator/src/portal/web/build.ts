import path from 'node:path';
import { build, type OutputFile } from 'esbuild';

/**
 * The portal's browser code, bundled at first use with esbuild (in memory, once per process): ES modules
 * with code splitting (pages are `import()`ed on demand), content-hashed names, and linked source maps, as
 * WB's own bundles are. The service worker is a classic script at a fixed path (its scope is `/`).
 */

export type EntryName = 'shell' | 'cmp' | 'login' | 'widget' | 'worker';

export interface BundleFile {
  readonly body: Uint8Array;
  readonly type: string;
  readonly etag: string;
}

export interface PortalBundle {
  /** URL path (`/static/js/shell.ABC123.js`) → file. */
  readonly files: ReadonlyMap<string, BundleFile>;
  /** Entry → URL path of its script. */
  readonly entries: Readonly<Record<EntryName, string>>;
  /** The service worker script (served at `/sw.js`). */
  readonly serviceWorker: BundleFile;
  readonly builtMs: number;
}

/** The browser sources (their own tsconfig, with the DOM library). */
const WEB_DIR = path.join(import.meta.dirname, '../browser');
const OUT_DIR = '/static/js';

const ENTRY_POINTS: Record<EntryName, string> = {
  shell: 'shell/main.ts',
  cmp: 'cmp/main.ts',
  login: 'auth/login.ts',
  widget: 'communications/widget.ts',
  worker: 'shell/worker.ts',
};

function fileOf(out: OutputFile): BundleFile {
  const type = out.path.endsWith('.map')
    ? 'application/json; charset=utf-8'
    : 'text/javascript; charset=utf-8';
  return { body: out.contents, type, etag: `"${out.hash}"` };
}

async function buildBundle(): Promise<PortalBundle> {
  const started = performance.now();
  const common = {
    absWorkingDir: WEB_DIR,
    bundle: true,
    write: false,
    target: 'es2022',
    charset: 'utf8' as const,
    legalComments: 'none' as const,
    logLevel: 'silent' as const,
  };
  const main = await build({
    ...common,
    entryPoints: Object.entries(ENTRY_POINTS).map(([out, input]) => ({ in: input, out })),
    format: 'esm',
    splitting: true,
    outdir: OUT_DIR,
    entryNames: '[name].[hash]',
    chunkNames: 'chunks/[name].[hash]',
    sourcemap: 'linked',
    metafile: true,
  });
  const sw = await build({
    ...common,
    entryPoints: ['shell/sw.ts'],
    format: 'iife',
    outfile: '/sw.js',
  });
  const files = new Map<string, BundleFile>();
  for (const out of main.outputFiles ?? []) files.set(out.path, fileOf(out));
  const entries = {} as Record<EntryName, string>;
  for (const [output, meta] of Object.entries(main.metafile.outputs)) {
    if (!meta.entryPoint) continue;
    const name = (Object.entries(ENTRY_POINTS) as Array<[EntryName, string]>).find(
      ([, input]) => input === meta.entryPoint,
    )?.[0];
    if (name) entries[name] = path.resolve(WEB_DIR, output);
  }
  for (const name of Object.keys(ENTRY_POINTS) as EntryName[]) {
    if (!entries[name] || !files.has(entries[name]))
      throw new Error(`portal bundle: no output for entry '${name}'`);
  }
  const swFile = sw.outputFiles?.[0];
  if (!swFile) throw new Error('portal bundle: no service worker output');
  return { files, entries, serviceWorker: fileOf(swFile), builtMs: Math.round(performance.now() - started) };
}

let pending: Promise<PortalBundle> | undefined;

/** The bundle (built on first call, then shared by every emulator in the process). */
export function portalBundle(): Promise<PortalBundle> {
  pending ??= buildBundle().catch((err: unknown) => {
    pending = undefined;
    throw err;
  });
  return pending;
}
