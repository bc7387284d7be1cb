import type { Principal } from './permissions.ts';
import type { SessionCache, SessionRefusal } from './session-cache.ts';
import { TokenError, verifyAccessToken, type TokenClaims, type TokenErrorCode } from './tokens.ts';

export type AuthFailureCode =
  TokenErrorCode | 'SESSION_REVOKED' | 'SESSION_EXPIRED' | 'SESSION_UNKNOWN' | 'USER_DISABLED';

export type AuthResult =
  | { ok: true; principal: Principal; claims: TokenClaims }
  | {
      ok: false;
      code: AuthFailureCode;
      /** True when a valid refresh token may renew the login: the access token is absent or expired. */
      renewable: boolean;
    };

const REFUSALS: Record<SessionRefusal, AuthFailureCode> = {
  revoked: 'SESSION_REVOKED',
  expired: 'SESSION_EXPIRED',
  unknown: 'SESSION_UNKNOWN',
  mismatch: 'SESSION_UNKNOWN',
  disabled: 'USER_DISABLED',
};

/**
 * Authenticates a request from its access token: the token must verify, and the session it names must
 * still stand (revocation checked through the session cache). The proxy and the admin API both use it, so
 * they accept and refuse exactly the same tokens.
 *
 * @example
 * const auth = createAuthenticator({ accessSecret: config.JWT_ACCESS_SECRET, sessions });
 * const result = await auth.authenticate(readAuthCookies(cookieSettings, req.headers.get('cookie')).access);
 * if (!result.ok && result.renewable && refreshToken) { … renew through the internal API … }
 */
export function createAuthenticator(options: {
  accessSecret: string;
  sessions: SessionCache;
  /**
   * Remember this many verified access tokens (until they expire), so a hot path (the proxy: every request
   * of every manager) does not verify the same signature again. Revocation is still checked every time,
   * through the session cache. Default 0: no memo.
   */
  verifiedTokenMemo?: number;
}) {
  const memoSize = options.verifiedTokenMemo ?? 0;
  const verified = new Map<string, TokenClaims>();
  return {
    async authenticate(accessToken: string | undefined | null): Promise<AuthResult> {
      let claims: TokenClaims | undefined = accessToken ? verified.get(accessToken) : undefined;
      if (claims && claims.expiresAt.getTime() <= Date.now()) {
        verified.delete(accessToken!);
        claims = undefined;
      }
      if (!claims) {
        try {
          claims = await verifyAccessToken(accessToken, options.accessSecret);
        } catch (err) {
          if (!(err instanceof TokenError)) throw err;
          return { ok: false, code: err.code, renewable: err.code !== 'TOKEN_INVALID' };
        }
        if (memoSize > 0 && accessToken) {
          verified.set(accessToken, claims);
          if (verified.size > memoSize) verified.delete(verified.keys().next().value!);
        }
      }
      const check = await options.sessions.check(claims);
      if (!check.ok) return { ok: false, code: REFUSALS[check.reason], renewable: false };
      return { ok: true, principal: check.principal, claims };
    },
  };
}

export type Authenticator = ReturnType<typeof createAuthenticator>;
