import type { Context, Hono } from 'hono';
import type { HostEnv } from '../../http/types.ts';
import { portalBundle, type BundleFile } from './build.ts';
import { responseBytes } from '../../util/body.ts';

/** Answers a bundle file with validators (hashed names: cached for a year). */
export function bundleResponse(c: Context<HostEnv>, file: BundleFile, immutable: boolean): Response {
  if (c.req.header('if-none-match') === file.etag)
    return new Response(null, { status: 304, headers: { etag: file.etag } });
  return new Response(responseBytes(file.body), {
    status: 200,
    headers: {
      'content-type': file.type,
      etag: file.etag,
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      'access-control-allow-origin': '*',
    },
  });
}

/** Serves `/static/js/*` (every entry and chunk: the SPAs share chunks) on a portal host. */
export function serveBundleFiles(app: Hono<HostEnv>): void {
  app.get('/static/js/*', async function bundleFile(c) {
    const bundle = await portalBundle();
    const file = bundle.files.get(new URL(c.req.url).pathname);
    if (!file) return c.text('Not Found', 404);
    return bundleResponse(c, file, true);
  });
}
