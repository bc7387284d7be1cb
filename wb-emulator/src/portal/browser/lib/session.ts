import { originOf, urlOf } from './hosts.ts';
import { setCheck } from './status.ts';

/**
 * The portal session in the browser: the `authorizev3` token in localStorage (WB's key), refreshed with
 * upgrade-cookie-authv3; the short-lived `wb-seller-lk` token in memory; a slide-v3 at seller-auth when the
 * session token has expired; WB's login page when nothing works.
 */

const TOKEN_KEY = 'wb-eu-passport-v2.access-token';
let sellerLk: { token: string; exp: number } | undefined;
let refreshing: Promise<boolean> | undefined;

export function authorizev3(): string | null {
  return localStorage.getItem(TOKEN_KEY);
}

export function goToLogin(): never {
  localStorage.removeItem(TOKEN_KEY);
  location.assign(urlOf('auth', '/ru/', { redirect_url: location.href }));
  throw new Error('redirecting to login');
}

/** New `authorizev3` from the session cookie (upgrade-cookie-authv3). */
async function upgradeCookie(): Promise<boolean> {
  const res = await fetch(`${originOf('shell')}/upgrade-cookie-authv3`, {
    method: 'POST',
    credentials: 'include',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  if (!res.ok) return false;
  const body = (await res.json()) as { data?: { token?: string } };
  if (!body.data?.token) return false;
  localStorage.setItem(TOKEN_KEY, body.data.token);
  setCheck('upgradeCookie', 'ok', 'authorizev3 обновлён');
  return true;
}

/** slide-v3 at seller-auth (the wbx-refresh cookie lives there): new session cookies. */
async function slide(): Promise<boolean> {
  const first = await fetch(`${originOf('auth')}/auth/v2/auth/slide-v3`, {
    method: 'POST',
    credentials: 'include',
  });
  if (!first.ok) return false;
  const { payload } = (await first.json()) as { payload?: { sticker?: string } };
  if (!payload?.sticker) return false;
  const confirm = await fetch(`${originOf('auth')}/auth/v2/auth/slide-v3-confirm`, {
    method: 'POST',
    credentials: 'include',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ sticker: payload.sticker }),
  });
  return confirm.ok;
}

/** Refreshes the session: upgrade first, a slide if the session token expired. Single flight. */
export function refreshSession(): Promise<boolean> {
  refreshing ??= (async () => {
    try {
      if (await upgradeCookie()) return true;
      if ((await slide()) && (await upgradeCookie())) return true;
      return false;
    } finally {
      refreshing = undefined;
    }
  })();
  return refreshing;
}

/** Makes sure localStorage holds `authorizev3` (after a login there is only the cookie). */
export async function ensureSession(): Promise<void> {
  if (authorizev3()) return;
  if (!(await refreshSession())) goToLogin();
}

/** The `wb-seller-lk` token (JSON-RPC auth/token, 300 s), renewed a little before it expires. */
export async function sellerLkToken(force = false): Promise<string> {
  if (!force && sellerLk && sellerLk.exp * 1000 > Date.now() + 15_000) return sellerLk.token;
  const call = () =>
    fetch(`${originOf('shell')}/ns/suppliers-auth/suppliers-portal-core/auth/token`, {
      method: 'POST',
      credentials: 'include',
      headers: { 'content-type': 'application/json', authorizev3: authorizev3() ?? '' },
      body: JSON.stringify({ params: {}, jsonrpc: '2.0', id: 'json-rpc_1' }),
    });
  let res = await call();
  if (res.status === 401 && (await refreshSession())) res = await call();
  if (res.status === 401) goToLogin();
  const body = (await res.json()) as { result?: { data?: { token: string; exp: number } } };
  const data = body.result?.data;
  if (!data) throw new Error('no wb-seller-lk token in the answer');
  sellerLk = { token: data.token, exp: data.exp };
  setCheck('sellerLk', 'ok', `действует до ${new Date(data.exp * 1000).toLocaleTimeString('ru-RU')}`);
  return data.token;
}

export function forgetSellerLk(): void {
  sellerLk = undefined;
}
