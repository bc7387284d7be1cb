import { generateCookie } from 'hono/cookie';

/**
 * Our authentication cookies, shared by the admin API (which sets them at login and refresh) and the proxy
 * (which reads them, renews them on its own responses, and strips them before anything goes to WB).
 *
 * - access (`jc_access`): the access JWT, 2 hours.
 * - refresh (`jc_refresh`): the refresh JWT, 30 days, rotated on every use.
 *   Both are HttpOnly, SameSite=Lax and `Domain=<APP_DOMAIN>`, so admin.<domain>, wb-seller.<domain> and
 *   every *.wb-seller.<domain> receive them.
 * - csrf (`jc_csrf`): the CSRF token the admin UI echoes in `x-csrf-token`. Host-only on the admin (no
 *   Domain), NOT HttpOnly (the UI reads it), so pages on wb-seller.* never see it.
 *
 * With https (always in production) every cookie is Secure and carries a name prefix the browser enforces:
 * `__Secure-` for the domain cookies, `__Host-` for the CSRF cookie (a sibling host cannot plant it).
 */
export interface AuthCookieSettings {
  names: { access: string; refresh: string; csrf: string };
  /** The Domain attribute of the access and refresh cookies: APP_DOMAIN. */
  domain: string;
  secure: boolean;
  accessMaxAgeSeconds: number;
  refreshMaxAgeSeconds: number;
}

export const ACCESS_TOKEN_TTL_SECONDS = 2 * 60 * 60;
export const REFRESH_TOKEN_TTL_SECONDS = 30 * 24 * 60 * 60;

/** The header the admin UI echoes the CSRF cookie in. */
export const CSRF_HEADER = 'x-csrf-token';

/**
 * @example
 * const cookies = authCookieSettings(config); // config has APP_DOMAIN, PUBLIC_SCHEME, NODE_ENV
 * const { access, refresh } = readAuthCookies(cookies, request.headers.get('cookie'));
 */
export function authCookieSettings(config: {
  APP_DOMAIN: string;
  PUBLIC_SCHEME: 'http' | 'https';
  NODE_ENV: 'development' | 'production' | 'test';
}): AuthCookieSettings {
  const secure = config.PUBLIC_SCHEME === 'https' || config.NODE_ENV === 'production';
  return {
    names: secure
      ? { access: '__Secure-jc_access', refresh: '__Secure-jc_refresh', csrf: '__Host-jc_csrf' }
      : { access: 'jc_access', refresh: 'jc_refresh', csrf: 'jc_csrf' },
    domain: config.APP_DOMAIN,
    secure,
    accessMaxAgeSeconds: ACCESS_TOKEN_TTL_SECONDS,
    refreshMaxAgeSeconds: REFRESH_TOKEN_TTL_SECONDS,
  };
}

/** `Set-Cookie` values that store a fresh token pair. The proxy appends them to its own response. */
export function tokenSetCookies(
  settings: AuthCookieSettings,
  tokens: { accessToken: string; refreshToken: string },
): string[] {
  return [
    cookie(settings, settings.names.access, tokens.accessToken, settings.accessMaxAgeSeconds),
    cookie(settings, settings.names.refresh, tokens.refreshToken, settings.refreshMaxAgeSeconds),
  ];
}

/** `Set-Cookie` values that remove both token cookies (logout, a refused refresh). */
export function clearTokenSetCookies(settings: AuthCookieSettings): string[] {
  return [cookie(settings, settings.names.access, '', 0), cookie(settings, settings.names.refresh, '', 0)];
}

function cookie(settings: AuthCookieSettings, name: string, value: string, maxAge: number): string {
  return generateCookie(name, value, {
    domain: settings.domain,
    path: '/',
    httpOnly: true,
    secure: settings.secure,
    sameSite: 'Lax',
    maxAge,
    ...(maxAge === 0 ? { expires: new Date(0) } : {}),
  });
}

/** The CSRF cookie: host-only on the admin origin, readable by the admin UI. */
export function csrfSetCookie(settings: AuthCookieSettings, token: string): string {
  return generateCookie(settings.names.csrf, token, {
    path: '/',
    secure: settings.secure,
    sameSite: 'Lax',
    maxAge: settings.refreshMaxAgeSeconds,
  });
}

/**
 * Parses a `Cookie` header into name → value. The first occurrence of a name wins, as in browsers' ordering
 * (most specific path first). Values are not URI-decoded: ours are base64url and JWTs.
 */
export function parseCookieHeader(header: string | null | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  if (!header) return cookies;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    if (name && !cookies.has(name)) cookies.set(name, value);
  }
  return cookies;
}

export function readAuthCookies(
  settings: AuthCookieSettings,
  cookieHeader: string | null | undefined,
): { access?: string; refresh?: string; csrf?: string } {
  const cookies = parseCookieHeader(cookieHeader);
  const pick = (name: string) => {
    const value = cookies.get(name);
    return value ? value : undefined;
  };
  const access = pick(settings.names.access);
  const refresh = pick(settings.names.refresh);
  const csrf = pick(settings.names.csrf);
  return {
    ...(access ? { access } : {}),
    ...(refresh ? { refresh } : {}),
    ...(csrf ? { csrf } : {}),
  };
}

/** True for any of our cookies, in either naming (with or without the `__Secure-`/`__Host-` prefix). */
export function isPlatformCookie(name: string): boolean {
  return /^(__Secure-|__Host-)?jc_/i.test(name.trim());
}

/**
 * Removes our cookies from a `Cookie` header, keeping the others byte for byte; undefined when nothing is
 * left. The proxy calls it before a request goes upstream: WB must never see our tokens.
 *
 * @example
 * stripPlatformCookies('jc_access=ey…; x-supplier-id-external=abc') // 'x-supplier-id-external=abc'
 */
export function stripPlatformCookies(cookieHeader: string | null | undefined): string | undefined {
  if (!cookieHeader) return undefined;
  const kept = cookieHeader
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part && !isPlatformCookie(part.split('=', 1)[0]!));
  return kept.length > 0 ? kept.join('; ') : undefined;
}
