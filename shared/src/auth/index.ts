export {
  ACCESS_TOKEN_TTL_SECONDS,
  authCookieSettings,
  clearTokenSetCookies,
  CSRF_HEADER,
  csrfSetCookie,
  isPlatformCookie,
  parseCookieHeader,
  readAuthCookies,
  REFRESH_TOKEN_TTL_SECONDS,
  stripPlatformCookies,
  tokenSetCookies,
  type AuthCookieSettings,
} from './cookies.ts';
export {
  ACCESS_AUDIENCE,
  createTokenService,
  hashToken,
  REFRESH_AUDIENCE,
  TOKEN_ISSUER,
  TokenError,
  verifyAccessToken,
  type SignedToken,
  type TokenClaims,
  type TokenErrorCode,
  type TokenSecrets,
  type TokenService,
} from './tokens.ts';
export {
  hasAnyPermission,
  hasPermission,
  isPermission,
  PERMISSIONS,
  type Permission,
  type Principal,
} from './permissions.ts';
export {
  createSessionCache,
  type SessionCache,
  type SessionCacheOptions,
  type SessionCheckResult,
  type SessionRefusal,
} from './session-cache.ts';
export {
  createAuthenticator,
  type AuthFailureCode,
  type AuthResult,
  type Authenticator,
} from './authenticate.ts';
export { safeReturnUrl, type ReturnUrlRules } from './return-url.ts';
