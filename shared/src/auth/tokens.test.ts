import { randomUUID } from 'node:crypto';
import { SignJWT, UnsecuredJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { ACCESS_TOKEN_TTL_SECONDS, REFRESH_TOKEN_TTL_SECONDS } from './cookies.ts';
import { createTokenService, hashToken, TokenError, verifyAccessToken } from './tokens.ts';

const ACCESS = 'a'.repeat(48);
const REFRESH = 'r'.repeat(48);
const subject = { userId: randomUUID(), sessionId: randomUUID() };
const key = (s: string) => new TextEncoder().encode(s);

async function code(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(TokenError);
    expect((err as TokenError).status).toBe(401);
    return (err as TokenError).code;
  }
  return 'accepted';
}

/** A token with everything right except what `tweak` changes. */
function forge(tweak: {
  alg?: string;
  typ?: string;
  aud?: string;
  iss?: string;
  sid?: string | null;
  secret?: string;
}) {
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT(tweak.sid === null ? {} : { sid: tweak.sid ?? subject.sessionId })
    .setProtectedHeader({ alg: tweak.alg ?? 'HS256', typ: tweak.typ ?? 'at+jwt' })
    .setIssuer(tweak.iss ?? 'joycity')
    .setAudience(tweak.aud ?? 'joycity')
    .setSubject(subject.userId)
    .setJti('j1')
    .setIssuedAt(now)
    .setExpirationTime(now + 600);
  return jwt.sign(key(tweak.secret ?? ACCESS));
}

describe('access and refresh tokens', () => {
  const tokens = createTokenService({ accessSecret: ACCESS, refreshSecret: REFRESH });

  it('issues a pair whose claims verify, with the documented lifetimes', async () => {
    const before = Date.now();
    const pair = await tokens.issue(subject);
    const access = await tokens.verifyAccess(pair.access.token);
    const refresh = await tokens.verifyRefresh(pair.refresh.token);
    expect(access).toMatchObject(subject);
    expect(refresh).toMatchObject(subject);
    expect(access.tokenId).not.toBe(refresh.tokenId);
    expect(pair.access.expiresAt.getTime() - before).toBeGreaterThan(ACCESS_TOKEN_TTL_SECONDS * 1000 - 2000);
    expect(pair.access.expiresAt.getTime() - before).toBeLessThanOrEqual(ACCESS_TOKEN_TTL_SECONDS * 1000);
    expect(pair.refresh.expiresAt.getTime() - before).toBeGreaterThan(
      REFRESH_TOKEN_TTL_SECONDS * 1000 - 2000,
    );
    expect(await verifyAccessToken(pair.access.token, ACCESS)).toMatchObject(subject);
    expect(hashToken(pair.refresh.token)).toHaveLength(32);
  });

  it('refuses alg:none, a foreign key, another algorithm and a tampered payload', async () => {
    const none = new UnsecuredJWT({ sid: subject.sessionId })
      .setIssuer('joycity')
      .setAudience('joycity')
      .setSubject(subject.userId)
      .setJti('x')
      .setIssuedAt()
      .setExpirationTime('1h')
      .encode();
    expect(await code(tokens.verifyAccess(none))).toBe('TOKEN_INVALID');
    // alg none with our typ, hand-made, and a signature stripped from a real token.
    const [, body] = (await forge({})).split('.');
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'at+jwt' })).toString('base64url');
    expect(await code(tokens.verifyAccess(`${header}.${body}.`))).toBe('TOKEN_INVALID');
    expect(await code(tokens.verifyAccess(`${header}.${body}`))).toBe('TOKEN_INVALID');

    expect(await code(tokens.verifyAccess(await forge({ secret: 'x'.repeat(48) })))).toBe('TOKEN_INVALID');
    expect(await code(tokens.verifyAccess(await forge({ alg: 'HS512' })))).toBe('TOKEN_INVALID');

    const real = (await tokens.issue(subject)).access.token;
    const [h, p, s] = real.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
    const escalated = Buffer.from(JSON.stringify({ ...claims, sub: randomUUID() })).toString('base64url');
    expect(await code(tokens.verifyAccess(`${h}.${escalated}.${s}`))).toBe('TOKEN_INVALID');
    expect(await code(tokens.verifyAccess('garbage'))).toBe('TOKEN_INVALID');
    expect(await code(tokens.verifyAccess(undefined))).toBe('TOKEN_MISSING');
  });

  it('refuses expired tokens as expired', async () => {
    const past = createTokenService(
      { accessSecret: ACCESS, refreshSecret: REFRESH },
      () => new Date(Date.now() - (REFRESH_TOKEN_TTL_SECONDS + 60) * 1000),
    );
    const old = await past.issue(subject);
    expect(await code(tokens.verifyAccess(old.access.token))).toBe('TOKEN_EXPIRED');
    expect(await code(tokens.verifyRefresh(old.refresh.token))).toBe('TOKEN_EXPIRED');
    const stale = createTokenService(
      { accessSecret: ACCESS, refreshSecret: REFRESH },
      () => new Date(Date.now() - (ACCESS_TOKEN_TTL_SECONDS + 30) * 1000),
    );
    expect(await code(tokens.verifyAccess((await stale.issue(subject)).access.token))).toBe('TOKEN_EXPIRED');
  });

  it('refuses the wrong audience, issuer, type, or a missing session id', async () => {
    expect(await code(tokens.verifyAccess(await forge({ aud: 'joycity-refresh' })))).toBe('TOKEN_INVALID');
    expect(await code(tokens.verifyAccess(await forge({ aud: 'someone-else' })))).toBe('TOKEN_INVALID');
    expect(await code(tokens.verifyAccess(await forge({ iss: 'evil' })))).toBe('TOKEN_INVALID');
    expect(await code(tokens.verifyAccess(await forge({ typ: 'JWT' })))).toBe('TOKEN_INVALID');
    expect(await code(tokens.verifyAccess(await forge({ typ: 'rt+jwt' })))).toBe('TOKEN_INVALID');
    expect(await code(tokens.verifyAccess(await forge({ sid: null })))).toBe('TOKEN_INVALID');
    expect(await code(tokens.verifyAccess(await forge({})))).toBe('accepted');

    // Even with one secret for both, a refresh token is not an access token and vice versa.
    const shared = createTokenService({ accessSecret: ACCESS, refreshSecret: ACCESS });
    const pair = await shared.issue(subject);
    expect(await code(shared.verifyAccess(pair.refresh.token))).toBe('TOKEN_INVALID');
    expect(await code(shared.verifyRefresh(pair.access.token))).toBe('TOKEN_INVALID');
    // And with separate secrets, neither verifies under the other's.
    const separate = await tokens.issue(subject);
    expect(await code(tokens.verifyRefresh(separate.access.token))).toBe('TOKEN_INVALID');
    expect(await code(tokens.verifyAccess(separate.refresh.token))).toBe('TOKEN_INVALID');
  });
});
