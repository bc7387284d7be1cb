import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { API_BRIDGE, INTERNAL_HEADERS, type ApiBridge, type Theme, type UiLocale } from './bridge.ts';
import type { Me } from './types.ts';

/** The signed-in user of this request (our server put it in a header it alone sets), or null. */
export async function getMe(): Promise<Me | null> {
  const raw = (await headers()).get(INTERNAL_HEADERS.me);
  return raw ? (JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Me) : null;
}

export async function requireMe(): Promise<Me> {
  const me = await getMe();
  if (!me) redirect('/login');
  return me;
}

/** Renders the page only for holders of `permission`; others see the "not allowed" page. */
export async function requirePermission(permission: string): Promise<Me> {
  const me = await requireMe();
  if (!me.permissions.includes(permission)) redirect('/forbidden');
  return me;
}

export async function getUiPrefs(): Promise<{ theme: Theme; locale: UiLocale }> {
  const h = await headers();
  const theme = h.get(INTERNAL_HEADERS.theme);
  return {
    theme: theme === 'dark' || theme === 'light' ? theme : 'system',
    locale: h.get(INTERNAL_HEADERS.locale) === 'en' ? 'en' : 'ru',
  };
}

export class ServerApiError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/**
 * Reads from the API in-process, as the visitor (their cookies), with every access check applied. Parallel
 * calls with Promise.all keep pages free of waterfalls.
 *
 * @example
 * const [users, accounts] = await Promise.all([apiGet<UserPage>('/api/users'), apiGet<Accounts>('/api/accounts')]);
 */
export async function apiGet<T>(path: string): Promise<T> {
  const bridge = (globalThis as Record<symbol, ApiBridge | undefined>)[API_BRIDGE];
  if (!bridge) throw new Error('The API bridge is missing: the admin must run under src/main.ts');
  const h = await headers();
  const forwarded = new Headers();
  for (const name of ['cookie', 'user-agent', 'x-forwarded-for', 'accept-language']) {
    const value = h.get(name);
    if (value) forwarded.set(name, value);
  }
  const res = await bridge.fetch(
    new Request(new URL(path, 'http://admin.internal'), { headers: forwarded }),
    h.get(INTERNAL_HEADERS.clientIp),
  );
  if (res.status === 401) redirect('/login');
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as {
      error?: { code?: string; message?: string };
    } | null;
    throw new ServerApiError(
      res.status,
      body?.error?.code ?? 'INTERNAL_ERROR',
      body?.error?.message ?? res.statusText,
    );
  }
  return (await res.json()) as T;
}
