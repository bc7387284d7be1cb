import {
  clearTokenSetCookies,
  hasPermission,
  readAuthCookies,
  tokenSetCookies,
  type AuthCookieSettings,
  type Authenticator,
  type Principal,
} from '@joycity/shared/auth';
import type { InternalApiClient } from '@joycity/shared/internal-api';

export type GateResult =
  | { ok: true; principal: Principal & { currentAccountId: number }; setCookies: string[] }
  | { ok: false; reason: 'login'; setCookies: string[] }
  | { ok: false; reason: 'no-access' | 'no-account'; principal: Principal; setCookies: string[] };

/**
 * Who may pass: a live JoyCity session (our `jc_access` cookie, renewed transparently from `jc_refresh`
 * through the admin's internal API), the `proxy.access` permission (MANAGER and CONTENT_MANAGER in
 * `role_permissions`), and a current account.
 *
 * @example
 * const result = await gate.check({ cookie: req.headers.cookie, ip, userAgent });
 * if (!result.ok && result.reason === 'login') redirectToLogin();
 */
export function createAuthGate(options: {
  authenticator: Authenticator;
  internal: Pick<InternalApiClient, 'refreshTokens'>;
  cookies: AuthCookieSettings;
}) {
  return {
    async check(request: {
      cookie: string | undefined;
      ip: string | undefined;
      userAgent: string | undefined;
    }) {
      const tokens = readAuthCookies(options.cookies, request.cookie);
      let result = await options.authenticator.authenticate(tokens.access);
      let setCookies: string[] = [];
      if (!result.ok && result.renewable && tokens.refresh) {
        try {
          const pair = await options.internal.refreshTokens({
            refreshToken: tokens.refresh,
            ...(request.ip && isIp(request.ip) ? { ip: request.ip } : {}),
            ...(request.userAgent ? { userAgent: request.userAgent.slice(0, 1000) } : {}),
          });
          setCookies = tokenSetCookies(options.cookies, pair);
          result = await options.authenticator.authenticate(pair.accessToken);
        } catch {
          return {
            ok: false,
            reason: 'login',
            setCookies: clearTokenSetCookies(options.cookies),
          } as GateResult;
        }
      }
      if (!result.ok) {
        const clear = tokens.access || tokens.refresh ? clearTokenSetCookies(options.cookies) : [];
        return { ok: false, reason: 'login', setCookies: clear } as GateResult;
      }
      const { principal } = result;
      if (!hasPermission(principal, 'proxy.access')) {
        return { ok: false, reason: 'no-access', principal, setCookies } as GateResult;
      }
      if (principal.currentAccountId === null) {
        return { ok: false, reason: 'no-account', principal, setCookies } as GateResult;
      }
      return {
        ok: true,
        principal: principal as Principal & { currentAccountId: number },
        setCookies,
      } as GateResult;
    },
  };
}

export type AuthGate = ReturnType<typeof createAuthGate>;

function isIp(value: string): boolean {
  return /^[\d.]+$/.test(value) || /^[\da-f:]+$/i.test(value);
}
