import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpBindings } from '@hono/node-server';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { Context } from 'hono';
import { INTERNAL_HEADERS, LOCALE_COOKIE, THEME_COOKIE } from '../web/bridge.ts';

type NextHandle = (req: IncomingMessage, res: ServerResponse) => Promise<void>;
type ApiFetch = (request: Request, env: HttpBindings) => Response | Promise<Response>;

/** Pages anyone may open; every other page needs a sign-in. */
const PUBLIC_PAGES = new Set(['/login']);
/** Files Next.js serves that carry no user data. */
const ASSET = /^\/(_next\/|favicon\.ico$|robots\.txt$|icon\.|apple-icon\.)/;

export function parseCookies(header: string | undefined): Map<string, string> {
  const jar = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) jar.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  return jar;
}

/** The Cookie header after applying Set-Cookie lines (new values replace, Max-Age=0 removes). */
export function applySetCookies(header: string | undefined, setCookies: readonly string[]): string {
  const jar = parseCookies(header);
  for (const line of setCookies) {
    const [pair] = line.split(';');
    const eq = pair!.indexOf('=');
    const name = pair!.slice(0, eq).trim();
    const value = pair!.slice(eq + 1).trim();
    if (/;\s*max-age=0/i.test(line) || value === '') jar.delete(name);
    else jar.set(name, value);
  }
  return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
}

/**
 * The door to every page. Before Next.js renders, it asks the API who the visitor is (GET /api/auth/me,
 * in-process), which also renews an expired access token from the refresh cookie: the new cookies go to the
 * browser on this very response and into the request Next.js sees, so server components never need to renew
 * (they could not set cookies). Anonymous visitors are sent to /login; the signed-in user, their locale and
 * theme reach Next.js in headers only this server sets.
 */
export function pageHandler(options: { api: ApiFetch; handle: NextHandle }) {
  return async function servePage(c: Context<{ Bindings: HttpBindings }>) {
    const { incoming, outgoing } = c.env;
    for (const name of Object.values(INTERNAL_HEADERS)) delete incoming.headers[name];
    const url = new URL(c.req.url);
    if (ASSET.test(url.pathname)) {
      await options.handle(incoming, outgoing);
      return RESPONSE_ALREADY_SENT;
    }

    const cookieHeader = incoming.headers.cookie;
    const cookies = parseCookies(cookieHeader);
    type Me = { user: { locale: string; theme: string } };
    let me = null as Me | null;
    if (/(^|;\s*)(__Secure-|__Host-)?jc_(access|refresh)=/.test(cookieHeader ?? '')) {
      const headers = new Headers({ cookie: cookieHeader ?? '' });
      for (const name of ['user-agent', 'x-forwarded-for']) {
        const value = incoming.headers[name];
        if (typeof value === 'string') headers.set(name, value);
      }
      const res = await options.api(new Request(new URL('/api/auth/me', url), { headers }), c.env);
      const setCookies = res.headers.getSetCookie();
      if (setCookies.length > 0) {
        outgoing.appendHeader('set-cookie', setCookies);
        incoming.headers.cookie = applySetCookies(cookieHeader, setCookies);
      }
      if (res.ok) me = (await res.json()) as Me;
    }

    const isPublic = PUBLIC_PAGES.has(url.pathname);
    if (!me && !isPublic) {
      const next = `${url.pathname}${url.search}`;
      return redirect(outgoing, `/login${next === '/' ? '' : `?next=${encodeURIComponent(next)}`}`);
    }
    if (me && isPublic) {
      const next = url.searchParams.get('next');
      return redirect(outgoing, next && next.startsWith('/') && !next.startsWith('//') ? next : '/');
    }

    const locale = me?.user.locale ?? (cookies.get(LOCALE_COOKIE) === 'en' ? 'en' : 'ru');
    const cookieTheme = cookies.get(THEME_COOKIE);
    const theme =
      me?.user.theme ?? (cookieTheme === 'dark' || cookieTheme === 'light' ? cookieTheme : 'system');
    if (me) incoming.headers[INTERNAL_HEADERS.me] = Buffer.from(JSON.stringify(me)).toString('base64url');
    incoming.headers[INTERNAL_HEADERS.locale] = locale;
    incoming.headers[INTERNAL_HEADERS.theme] = theme;
    const ip = incoming.socket.remoteAddress;
    if (ip) incoming.headers[INTERNAL_HEADERS.clientIp] = ip;
    await options.handle(incoming, outgoing);
    return RESPONSE_ALREADY_SENT;
  };
}

function redirect(outgoing: ServerResponse, location: string) {
  outgoing.statusCode = 303;
  outgoing.setHeader('location', location);
  outgoing.setHeader('cache-control', 'no-store');
  outgoing.end();
  return RESPONSE_ALREADY_SENT;
}
