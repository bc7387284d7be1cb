'use client';

import { LOCALE_COOKIE, THEME_COOKIE, type Theme, type UiLocale } from '../web/bridge.ts';
import { api } from './api-client.ts';

const YEAR = 365 * 24 * 3600;

/** Applies a theme at once, remembers it in a cookie (first paint of the next page) and, when signed in, on the user. */
export async function changeTheme(theme: Theme, signedIn: boolean): Promise<void> {
  document.documentElement.dataset.theme = theme;
  document.cookie = `${THEME_COOKIE}=${theme}; path=/; max-age=${YEAR}; samesite=lax`;
  if (signedIn) await api('/api/auth/me', { method: 'PATCH', json: { theme } });
}

export async function changeLocale(locale: UiLocale, signedIn: boolean): Promise<void> {
  document.cookie = `${LOCALE_COOKIE}=${locale}; path=/; max-age=${YEAR}; samesite=lax`;
  if (signedIn) await api('/api/auth/me', { method: 'PATCH', json: { locale } });
}
