/**
 * WB's cookies as the proxy sees them: which stay on the server (the session jar), which may reach the
 * browser, and which upstream host each stored cookie goes to.
 */

/** Cookies the SPA reads and that carry no credential: these may reach the browser (scoped to our host). */
export const BROWSER_VISIBLE_COOKIES: ReadonlySet<string> = new Set([
  'x-supplier-id-external',
  'locale',
  'lang',
]);

/** Host-only cookies of WB: stored in the jar but sent only to their host. */
const HOST_ONLY: Readonly<Record<string, string>> = { 'wbx-refresh': 'seller-auth.wildberries.ru' };

export interface ParsedSetCookie {
  name: string;
  value: string;
  /** True when the cookie is being removed (Max-Age<=0, an Expires in the past, or an empty value). */
  removed: boolean;
  httpOnly: boolean;
  raw: string;
}

export function parseSetCookie(raw: string, nowMs = Date.now()): ParsedSetCookie | undefined {
  const [pair, ...attributes] = raw.split(';');
  const eq = pair?.indexOf('=') ?? -1;
  if (!pair || eq <= 0) return undefined;
  const name = pair.slice(0, eq).trim();
  const value = pair.slice(eq + 1).trim();
  let removed = value === '';
  let httpOnly = false;
  for (const attribute of attributes) {
    const [k = '', v = ''] = attribute.split('=').map((s) => s.trim());
    const key = k.toLowerCase();
    if (key === 'httponly') httpOnly = true;
    if (key === 'max-age' && Number(v) <= 0) removed = true;
    if (key === 'expires') {
      const at = Date.parse(v);
      if (Number.isFinite(at) && at <= nowMs) removed = true;
    }
  }
  return { name, value, removed, httpOnly, raw };
}

/** The `Cookie` header for an upstream host from the server-side jar (WB's cookies live on .wildberries.ru). */
export function cookieHeaderFor(wbHost: string, jar: Readonly<Record<string, string>>): string | undefined {
  if (!wbHost.endsWith('.wildberries.ru')) return undefined;
  const parts: string[] = [];
  for (const [name, value] of Object.entries(jar)) {
    const only = HOST_ONLY[name];
    if (only && only !== wbHost) continue;
    parts.push(`${name}=${value}`);
  }
  return parts.length > 0 ? parts.join('; ') : undefined;
}

/** Sorts upstream Set-Cookie headers into a session patch (server side) and what may reach the browser. */
export function splitSetCookies(
  lines: readonly string[],
  nowMs = Date.now(),
): { setCookies: Record<string, string>; removeCookies: string[]; toBrowser: ParsedSetCookie[] } {
  const setCookies: Record<string, string> = {};
  const removeCookies: string[] = [];
  const toBrowser: ParsedSetCookie[] = [];
  for (const line of lines) {
    const cookie = parseSetCookie(line, nowMs);
    if (!cookie) continue;
    if (BROWSER_VISIBLE_COOKIES.has(cookie.name) && !cookie.httpOnly) toBrowser.push(cookie);
    if (cookie.removed) removeCookies.push(cookie.name);
    else setCookies[cookie.name] = cookie.value;
  }
  return { setCookies, removeCookies, toBrowser };
}
