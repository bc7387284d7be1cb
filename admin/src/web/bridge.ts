/**
 * How the Next.js server side reaches the API without a network hop: our server (src/main.ts) publishes the
 * API's fetch handler on a global symbol, and server components call it in-process with the visitor's
 * cookies. The UI bundle imports only this file's types, never the API's code.
 *
 * Our server also hands each page request the signed-in user (the answer of GET /api/auth/me) in request
 * headers it sets itself after deleting any a client sent.
 */
export const API_BRIDGE = Symbol.for('joycity.admin.api');

export interface ApiBridge {
  fetch(request: Request, clientIp: string | null): Promise<Response>;
}

/** Request headers our server sets for Next.js (client-sent ones are removed first). */
export const INTERNAL_HEADERS = {
  me: 'x-joycity-me',
  locale: 'x-joycity-locale',
  theme: 'x-joycity-theme',
  clientIp: 'x-joycity-client-ip',
} as const;

export const LOCALE_COOKIE = 'jc_locale';
export const THEME_COOKIE = 'jc_theme';

export type Theme = 'light' | 'dark' | 'system';
export type UiLocale = 'ru' | 'en';
