import { clearTokenSetCookies, csrfSetCookie, tokenSetCookies } from '@joycity/shared/auth';
import type { TokenPair } from '@joycity/shared/internal-api';
import type { Context } from 'hono';
import type { ApiEnv } from '../context.ts';
import type { Services } from '../services.ts';

/** Appends Set-Cookie headers to the response being built (also kept on error responses). */
function append(c: Context<ApiEnv>, values: string[]) {
  for (const value of values) c.header('Set-Cookie', value, { append: true });
}

export function setTokenCookies(c: Context<ApiEnv>, services: Services, pair: TokenPair): void {
  append(c, tokenSetCookies(services.cookies, pair));
}

export function clearTokenCookies(c: Context<ApiEnv>, services: Services): void {
  append(c, clearTokenSetCookies(services.cookies));
}

/** Issues a CSRF token bound to `binding` (a session id, or anonymous), sets its cookie and returns it. */
export function issueCsrf(c: Context<ApiEnv>, services: Services, binding: string): string {
  const token = services.csrf.issue(binding);
  append(c, [csrfSetCookie(services.cookies, token)]);
  return token;
}
