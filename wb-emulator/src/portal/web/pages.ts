import { randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import type { HostEnv } from '../../http/types.ts';
import { contentSecurityPolicy, originsOf } from '../http/origins.ts';
import { portalBundle, type EntryName } from './build.ts';

/**
 * The HTML of a portal page: the shell of an SPA whose bundle does the rest. Like WB's, it carries an
 * inline config script (nonce'd), a JSON island with absolute URLs, a stylesheet and icons from the static
 * host (absolute and protocol-relative URLs), and a CSP header naming WB's hosts.
 */

export interface HtmlPageInit {
  title: string;
  entry: EntryName;
  /** `window.__WB_CONFIG__` (merged over the common part: origins, assets). */
  config?: Record<string, unknown>;
  /** A JSON island (`<script type="application/json" id="wb-initial-state">`). */
  state?: unknown;
  body: string;
  status?: number;
  frameAncestors?: string[];
  headers?: Record<string, string>;
  bodyClass?: string;
}

/** JSON safe inside `<script>`: no `</script>`, no U+2028/U+2029 surprises. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

export async function htmlPage(c: Context<HostEnv>, init: HtmlPageInit): Promise<Response> {
  const bundle = await portalBundle();
  const o = originsOf(c);
  const nonce = randomBytes(16).toString('base64');
  const staticHost = o.of('static');
  const protocolRelativeStatic = staticHost.replace(/^https?:/, '');
  const config = {
    release: 'emulator-2026.11',
    staticOrigin: staticHost,
    assets: { worker: bundle.entries.worker, serviceWorker: '/sw.js' },
    ...init.config,
  };
  const html = `<!doctype html>
<html lang="ru">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(init.title)}</title>
<link rel="icon" type="image/svg+xml" href="${protocolRelativeStatic}/portal/img/favicon.svg">
<link rel="preconnect" href="${o.of('services')}" crossorigin>
<link rel="stylesheet" href="${staticHost}/portal/css/app.css">
<script nonce="${nonce}">window.__WB_CONFIG__ = ${scriptJson(config)};</script>
${init.state === undefined ? '' : `<script type="application/json" id="wb-initial-state">${scriptJson(init.state)}</script>\n`}<script type="module" src="${bundle.entries[init.entry]}"></script>
</head>
<body${init.bodyClass ? ` class="${escapeHtml(init.bodyClass)}"` : ''}>
${init.body}
<noscript>Для работы портала включите JavaScript.</noscript>
</body>
</html>
`;
  return new Response(html, {
    status: init.status ?? 200,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy': contentSecurityPolicy(
        c,
        nonce,
        init.frameAncestors ? { frameAncestors: init.frameAncestors } : {},
      ),
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'strict-origin-when-cross-origin',
      ...init.headers,
    },
  });
}
