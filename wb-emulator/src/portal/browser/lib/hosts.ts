/**
 * WB host names, assembled at run time from fragments (as WB's bundles do), with the page's own scheme and
 * port: browsed at http://seller.wildberries.ru:9090 every call goes to http://<host>.wildberries.ru:9090.
 */

const WB = ['wildberries', 'ru'];
const PARTS = {
  shell: ['seller'],
  auth: ['seller', 'auth'],
  services: ['seller', 'services'],
  weekly: ['seller', 'weekly', 'report'],
  prices: ['discounts', 'prices'],
  content: ['seller', 'content'],
  reviews: ['seller', 'reviews'],
  supply: ['seller', 'supply'],
  cmp: ['cmp'],
  communications: ['seller', 'communications'],
  antibot: ['antibot'],
} as const;

export type HostName = keyof typeof PARTS | 'pow' | 'static';

export function hostOf(name: HostName): string {
  if (name === 'pow') return ['pow', 'wb', 'ru'].join('.');
  if (name === 'static') return [['static', 'basket', '01'].join('-'), 'wbbasket', 'ru'].join('.');
  return [PARTS[name].join('-'), ...WB].join('.');
}

const port = () => (location.port ? `:${location.port}` : '');

/** `http(s)://<host>[:port]` for the page's scheme and port. */
export function originOf(name: HostName): string {
  return `${location.protocol}//${hostOf(name)}${port()}`;
}

/** `ws(s)://<host>[:port]`. */
export function wsOriginOf(name: HostName): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${hostOf(name)}${port()}`;
}

export function urlOf(
  name: HostName,
  path: string,
  query?: Record<string, string | number | boolean | undefined | null | Array<string | number>>,
): string {
  const url = new URL(path, originOf(name));
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) for (const item of v) url.searchParams.append(k, String(item));
    else url.searchParams.set(k, String(v));
  }
  return url.toString();
}
