import type { Context } from 'hono';
import type { HostEnv } from '../../http/types.ts';

/**
 * Absolute URLs the portal writes into its answers (HTML, CSS, JSON, redirects, CSP) follow the request: the
 * scheme it came over and the port in its `Host` header. Browsed directly at
 * `http://seller.wildberries.ru:9090/`, every link stays on `http://…:9090`; reached as WB
 * (`Host: seller.wildberries.ru`, `X-Forwarded-Proto: https`), links are WB's own `https://host/…`.
 */

/** Portal hosts by short name (the SPA builds the same names at run time from fragments). */
export const PORTAL_HOSTS = {
  shell: 'seller.wildberries.ru',
  auth: 'seller-auth.wildberries.ru',
  services: 'seller-services.wildberries.ru',
  weekly: 'seller-weekly-report.wildberries.ru',
  prices: 'discounts-prices.wildberries.ru',
  content: 'seller-content.wildberries.ru',
  reviews: 'seller-reviews.wildberries.ru',
  supply: 'seller-supply.wildberries.ru',
  cmp: 'cmp.wildberries.ru',
  communications: 'seller-communications.wildberries.ru',
  antibot: 'antibot.wildberries.ru',
  pow: 'pow.wb.ru',
  static: 'static-basket-01.wbbasket.ru',
} as const;

export type PortalHostName = keyof typeof PORTAL_HOSTS;

/** Whether the request came over https (TLS here, or a terminator saying so in `X-Forwarded-Proto`). */
export function isHttps(c: Context<HostEnv>): boolean {
  if (new URL(c.req.url).protocol === 'https:') return true;
  const forwarded = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase();
  return forwarded === 'https';
}

/** `:port` when the Host header carries one, else ''. */
export function portSuffix(c: Context<HostEnv>): string {
  const host = c.req.header('host') ?? '';
  const m = /:(\d+)$/.exec(host);
  return m ? `:${m[1]}` : '';
}

/** Scheme, port and the origin of any WB host, as seen by this request. */
export interface RequestOrigins {
  scheme: 'http' | 'https';
  port: string;
  /** `http://host:port` of a portal host (or any host name given). */
  of(host: string): string;
  /** The same for WebSockets (`ws://…`, `wss://…`). */
  ws(host: string): string;
}

export function originsOf(c: Context<HostEnv>): RequestOrigins {
  const scheme = isHttps(c) ? 'https' : 'http';
  const port = portSuffix(c);
  const name = (host: string) => (host in PORTAL_HOSTS ? PORTAL_HOSTS[host as PortalHostName] : host);
  return {
    scheme,
    port,
    of: (host) => `${scheme}://${name(host)}${port}`,
    ws: (host) => `${scheme === 'https' ? 'wss' : 'ws'}://${name(host)}${port}`,
  };
}

/** Whether an Origin (or Referer origin) is one of WB's portal origins (any scheme, any port). */
export function isWbOrigin(origin: string | undefined): boolean {
  if (!origin) return false;
  try {
    const { hostname } = new URL(origin);
    return (
      hostname === 'wildberries.ru' || hostname.endsWith('.wildberries.ru') || hostname.endsWith('.wb.ru')
    );
  } catch {
    return false;
  }
}

/**
 * The Content-Security-Policy of a portal page. It names WB's hosts one by one (plus the numbered
 * `*.wbbasket.ru` image hosts), at the request's scheme and port, with a nonce for inline scripts.
 */
export function contentSecurityPolicy(
  c: Context<HostEnv>,
  nonce: string,
  options: { frameAncestors?: string[] } = {},
): string {
  const o = originsOf(c);
  const api = (
    ['shell', 'auth', 'services', 'weekly', 'prices', 'content', 'reviews', 'supply', 'cmp'] as const
  ).map((h) => o.of(h));
  const comms = o.of('communications');
  const statics = `${o.scheme}://*.wbbasket.ru${o.port}`;
  const directives: Array<[string, string[]]> = [
    ['default-src', ["'self'"]],
    ['script-src', ["'self'", `'nonce-${nonce}'`, o.of('static')]],
    ['style-src', ["'self'", "'unsafe-inline'", o.of('static')]],
    ['img-src', ["'self'", 'data:', 'blob:', statics]],
    ['font-src', ["'self'", o.of('static')]],
    ['connect-src', ["'self'", ...api, comms, o.ws('communications'), o.of('antibot'), o.of('pow'), statics]],
    ['frame-src', ["'self'", comms, o.of('auth')]],
    ['worker-src', ["'self'", 'blob:']],
    ['form-action', ["'self'", ...api]],
    ['frame-ancestors', options.frameAncestors ?? ["'self'"]],
    ['base-uri', ["'self'"]],
    ['object-src', ["'none'"]],
  ];
  return directives.map(([name, values]) => `${name} ${values.join(' ')}`).join('; ');
}
