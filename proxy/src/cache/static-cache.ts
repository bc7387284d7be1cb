import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { WbHostEntry } from '@joycity/shared/wb';

/**
 * WB's static assets (the static hosts, and the portal's JS/CSS bundles), cached on disk under DATA_DIR by
 * URL in their final (rewritten) form, with WB's validators: a hundred managers opening the portal download
 * each bundle from WB once, and a stale entry is revalidated with `If-None-Match`/`If-Modified-Since`.
 * Only anonymous-safe answers are stored (200, no Set-Cookie, not private/no-store).
 */
export interface CachedAsset {
  status: number;
  /** Response headers as sent to the browser (no Set-Cookie, no Content-Length/Encoding). */
  headers: Record<string, string>;
  body: Buffer;
  etag?: string;
  lastModified?: string;
  storedAt: number;
  freshForMs: number;
  /** The gzip form, made once on first use (not stored on disk). */
  gzip?: Buffer;
}

export interface StaticCache {
  /** Whether a request may be answered from (and stored in) the cache. */
  applies(entry: WbHostEntry, method: string, path: string): boolean;
  get(key: string): Promise<CachedAsset | undefined>;
  put(key: string, asset: CachedAsset): Promise<void>;
  /** Marks a revalidated entry fresh again. */
  touch(key: string, asset: CachedAsset, freshForMs: number): Promise<void>;
}

const ASSET_PATH = /\.(?:js|mjs|css|map|svg|png|jpe?g|webp|gif|ico|woff2?|ttf)$/i;

/**
 * Whether an answer may be stored, and how long it is fresh: `no-store`/`private` never stored; `no-cache`
 * stored but revalidated every time (WB's bundles: ETag); `max-age`/`s-maxage` as given; else 60 s.
 */
export function cachePolicy(cacheControl: string | undefined): { store: boolean; freshForMs: number } {
  const cc = (cacheControl ?? '').toLowerCase();
  if (/(?:^|,)\s*(?:no-store|private)\b/.test(cc)) return { store: false, freshForMs: 0 };
  if (/(?:^|,)\s*no-cache\b/.test(cc)) return { store: true, freshForMs: 0 };
  const m = /s-maxage=(\d+)/.exec(cc) ?? /max-age=(\d+)/.exec(cc);
  return { store: true, freshForMs: m ? Number(m[1]) * 1000 : 60_000 };
}

export function createDiskStaticCache(options: {
  dir: string;
  maxBytes: number;
  now?: () => number;
}): StaticCache {
  const now = options.now ?? Date.now;
  const memo = new Map<string, CachedAsset>();
  let memoBytes = 0;
  const MEMO_MAX = Math.min(options.maxBytes, 64 * 1024 * 1024);
  const fileOf = (key: string) => {
    const hash = createHash('sha256').update(key).digest('hex');
    return path.join(options.dir, hash.slice(0, 2), hash);
  };
  const remember = (key: string, asset: CachedAsset) => {
    const old = memo.get(key);
    if (old) memoBytes -= old.body.length;
    memo.delete(key);
    memo.set(key, asset);
    memoBytes += asset.body.length;
    while (memoBytes > MEMO_MAX && memo.size > 1) {
      const [oldest, value] = memo.entries().next().value!;
      memo.delete(oldest);
      memoBytes -= value.body.length;
    }
  };
  let written = 0;

  async function write(key: string, asset: CachedAsset) {
    const file = fileOf(key);
    await mkdir(path.dirname(file), { recursive: true });
    const meta = Buffer.from(JSON.stringify({ ...asset, key, body: undefined, gzip: undefined }));
    const header = Buffer.alloc(4);
    header.writeUInt32BE(meta.length);
    const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    await writeFile(tmp, Buffer.concat([header, meta, asset.body]));
    await rename(tmp, file);
    written += asset.body.length;
    if (written > options.maxBytes / 4) {
      written = 0;
      await prune().catch(() => undefined);
    }
  }

  async function prune() {
    const files: Array<{ file: string; size: number; at: number }> = [];
    for (const dir of await readdir(options.dir).catch(() => [] as string[])) {
      for (const name of await readdir(path.join(options.dir, dir)).catch(() => [] as string[])) {
        const file = path.join(options.dir, dir, name);
        const s = await stat(file).catch(() => undefined);
        if (s) files.push({ file, size: s.size, at: s.mtimeMs });
      }
    }
    let total = files.reduce((sum, f) => sum + f.size, 0);
    for (const f of files.sort((a, b) => a.at - b.at)) {
      if (total <= options.maxBytes) break;
      await rm(f.file, { force: true });
      total -= f.size;
    }
  }

  return {
    applies(entry, method, urlPath) {
      if (options.maxBytes === 0 || (method !== 'GET' && method !== 'HEAD')) return false;
      return entry.kind === 'static' || ASSET_PATH.test(urlPath);
    },
    async get(key) {
      const hit = memo.get(key);
      if (hit) return hit;
      let raw: Buffer;
      try {
        raw = await readFile(fileOf(key));
      } catch {
        return undefined;
      }
      try {
        const length = raw.readUInt32BE(0);
        const meta = JSON.parse(raw.subarray(4, 4 + length).toString('utf8')) as CachedAsset & {
          key: string;
        };
        if (meta.key !== key) return undefined;
        const asset: CachedAsset = { ...meta, body: raw.subarray(4 + length) };
        remember(key, asset);
        return asset;
      } catch {
        return undefined;
      }
    },
    async put(key, asset) {
      remember(key, asset);
      await write(key, asset);
    },
    async touch(key, asset, freshForMs) {
      const updated = { ...asset, storedAt: now(), freshForMs };
      remember(key, updated);
      await write(key, updated);
    },
  };
}
