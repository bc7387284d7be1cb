import { randomBytes, createHash } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import { AppError } from '../errors/app-error.ts';
import { ACCESS_TOKEN_TTL_SECONDS, REFRESH_TOKEN_TTL_SECONDS } from './cookies.ts';

/**
 * The two tokens of a login, both HS256 JWTs signed with their own secret:
 *
 * | token   | header typ | aud              | secret             | lifetime |
 * |---------|------------|------------------|--------------------|----------|
 * | access  | `at+jwt`   | `joycity`        | JWT_ACCESS_SECRET  | 2 h      |
 * | refresh | `rt+jwt`   | `joycity-refresh`| JWT_REFRESH_SECRET | 30 d     |
 *
 * Both carry `sub` (user id) and `sid` (session id). Verification pins the algorithm, issuer, audience and
 * type, so `alg: none`, a token signed with another key, an expired one, or one token passed off as the
 * other are all refused. An access token is only half the check: the session behind `sid` must still stand
 * (see the session cache).
 */
export const TOKEN_ISSUER = 'joycity';
export const ACCESS_AUDIENCE = 'joycity';
export const REFRESH_AUDIENCE = 'joycity-refresh';
const ACCESS_TYP = 'at+jwt';
const REFRESH_TYP = 'rt+jwt';
const ALGORITHM = 'HS256';
/** Clocks of our replicas may drift a little. */
const CLOCK_TOLERANCE_SECONDS = 5;

export type TokenErrorCode = 'TOKEN_MISSING' | 'TOKEN_EXPIRED' | 'TOKEN_INVALID';

/** A token that cannot be accepted. Always a 401; the message never repeats the token. */
export class TokenError extends AppError {
  declare readonly code: TokenErrorCode;
  constructor(code: TokenErrorCode, message: string) {
    super(code, message, { status: 401 });
  }
}

export interface TokenClaims {
  userId: string;
  sessionId: string;
  /** The token's own id. */
  tokenId: string;
  issuedAt: Date;
  expiresAt: Date;
}

export interface SignedToken {
  token: string;
  expiresAt: Date;
}

const encoder = new TextEncoder();
const keyOf = (secret: string) => encoder.encode(secret);

async function sign(
  secret: string,
  typ: string,
  audience: string,
  ttlSeconds: number,
  subject: { userId: string; sessionId: string },
  now: Date,
): Promise<SignedToken> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  const expiresAt = issuedAt + ttlSeconds;
  const token = await new SignJWT({ sid: subject.sessionId })
    .setProtectedHeader({ alg: ALGORITHM, typ })
    .setIssuer(TOKEN_ISSUER)
    .setAudience(audience)
    .setSubject(subject.userId)
    .setJti(randomBytes(16).toString('base64url'))
    .setIssuedAt(issuedAt)
    .setExpirationTime(expiresAt)
    .sign(keyOf(secret));
  return { token, expiresAt: new Date(expiresAt * 1000) };
}

async function verify(
  token: string | undefined | null,
  secret: string,
  typ: string,
  audience: string,
  what: string,
  now: Date | undefined,
): Promise<TokenClaims> {
  if (!token) throw new TokenError('TOKEN_MISSING', `No ${what} token`);
  try {
    const { payload } = await jwtVerify(token, keyOf(secret), {
      algorithms: [ALGORITHM],
      issuer: TOKEN_ISSUER,
      audience,
      typ,
      requiredClaims: ['sub', 'sid', 'jti', 'iat', 'exp'],
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      ...(now ? { currentDate: now } : {}),
    });
    const { sub, sid, jti, iat, exp } = payload;
    if (typeof sub !== 'string' || typeof sid !== 'string' || typeof jti !== 'string') {
      throw new TokenError('TOKEN_INVALID', `Malformed ${what} token`);
    }
    return {
      userId: sub,
      sessionId: sid,
      tokenId: jti,
      issuedAt: new Date(iat! * 1000),
      expiresAt: new Date(exp! * 1000),
    };
  } catch (err) {
    if (err instanceof TokenError) throw err;
    if (err instanceof errors.JWTExpired)
      throw new TokenError('TOKEN_EXPIRED', `The ${what} token has expired`);
    throw new TokenError('TOKEN_INVALID', `Invalid ${what} token`);
  }
}

export interface TokenSecrets {
  accessSecret: string;
  refreshSecret: string;
}

/**
 * Issues and verifies the token pair. The admin API signs; the proxy only verifies access tokens (it has
 * no refresh secret and renews through the internal API).
 *
 * @example
 * const tokens = createTokenService({ accessSecret: config.JWT_ACCESS_SECRET, refreshSecret: config.JWT_REFRESH_SECRET });
 * const pair = await tokens.issue({ userId, sessionId });
 * const claims = await tokens.verifyAccess(pair.access.token);
 */
export function createTokenService(secrets: TokenSecrets, clock: () => Date = () => new Date()) {
  return {
    async issue(subject: { userId: string; sessionId: string }) {
      const now = clock();
      const [access, refresh] = await Promise.all([
        sign(secrets.accessSecret, ACCESS_TYP, ACCESS_AUDIENCE, ACCESS_TOKEN_TTL_SECONDS, subject, now),
        sign(secrets.refreshSecret, REFRESH_TYP, REFRESH_AUDIENCE, REFRESH_TOKEN_TTL_SECONDS, subject, now),
      ]);
      return { access, refresh };
    },
    verifyAccess(token: string | undefined | null): Promise<TokenClaims> {
      return verify(token, secrets.accessSecret, ACCESS_TYP, ACCESS_AUDIENCE, 'access', clock());
    },
    verifyRefresh(token: string | undefined | null): Promise<TokenClaims> {
      return verify(token, secrets.refreshSecret, REFRESH_TYP, REFRESH_AUDIENCE, 'refresh', clock());
    },
  };
}

export type TokenService = ReturnType<typeof createTokenService>;

/**
 * Verifies an access token: signature (HS256 only), issuer, audience, `typ` and expiry. Throws
 * {@link TokenError} with `TOKEN_MISSING`, `TOKEN_EXPIRED` (the proxy then renews) or `TOKEN_INVALID`.
 *
 * @example
 * const claims = await verifyAccessToken(cookies.access, config.JWT_ACCESS_SECRET);
 */
export function verifyAccessToken(
  token: string | undefined | null,
  accessSecret: string,
  now?: Date,
): Promise<TokenClaims> {
  return verify(token, accessSecret, ACCESS_TYP, ACCESS_AUDIENCE, 'access', now);
}

/** How refresh tokens are stored: SHA-256 of the token text. A database leak yields no usable token. */
export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
