import { describe, expect, it } from 'vitest';
import {
  authCookieSettings,
  clearTokenSetCookies,
  csrfSetCookie,
  parseCookieHeader,
  readAuthCookies,
  stripPlatformCookies,
  tokenSetCookies,
} from './cookies.ts';

describe('auth cookies', () => {
  it('scopes token cookies to APP_DOMAIN, HttpOnly, SameSite=Lax, Secure only with https', () => {
    const dev = authCookieSettings({
      APP_DOMAIN: 'joycity.localhost',
      PUBLIC_SCHEME: 'http',
      NODE_ENV: 'development',
    });
    const [access, refresh] = tokenSetCookies(dev, { accessToken: 'AAA', refreshToken: 'RRR' });
    expect(access).toBe(
      'jc_access=AAA; Max-Age=7200; Domain=joycity.localhost; Path=/; HttpOnly; SameSite=Lax',
    );
    expect(refresh).toBe(
      'jc_refresh=RRR; Max-Age=2592000; Domain=joycity.localhost; Path=/; HttpOnly; SameSite=Lax',
    );

    const prod = authCookieSettings({
      APP_DOMAIN: 'example.com',
      PUBLIC_SCHEME: 'https',
      NODE_ENV: 'production',
    });
    const [pa, pr] = tokenSetCookies(prod, { accessToken: 'A', refreshToken: 'R' });
    expect(pa).toMatch(
      /^__Secure-jc_access=A; .*Domain=example\.com; Path=\/; HttpOnly; Secure; SameSite=Lax$/,
    );
    expect(pr).toMatch(/^__Secure-jc_refresh=R; .*HttpOnly; Secure; SameSite=Lax$/);
    // Production means Secure even if someone left PUBLIC_SCHEME at http.
    expect(
      authCookieSettings({ APP_DOMAIN: 'example.com', PUBLIC_SCHEME: 'http', NODE_ENV: 'production' }).secure,
    ).toBe(true);
  });

  it('keeps the CSRF cookie host-only and readable by the admin UI', () => {
    const prod = authCookieSettings({
      APP_DOMAIN: 'example.com',
      PUBLIC_SCHEME: 'https',
      NODE_ENV: 'production',
    });
    const csrf = csrfSetCookie(prod, 'tok');
    expect(csrf).toMatch(/^__Host-jc_csrf=tok; /);
    expect(csrf).not.toMatch(/Domain|HttpOnly/);
    expect(csrf).toContain('Secure');
  });

  it('clears both token cookies', () => {
    const dev = authCookieSettings({
      APP_DOMAIN: 'joycity.localhost',
      PUBLIC_SCHEME: 'http',
      NODE_ENV: 'test',
    });
    const cleared = clearTokenSetCookies(dev);
    expect(cleared).toHaveLength(2);
    for (const c of cleared)
      expect(c).toMatch(/=; Max-Age=0; Domain=joycity\.localhost; Path=\/; Expires=Thu, 01 Jan 1970/);
  });

  it('reads our cookies and strips every spelling of them before anything goes upstream', () => {
    const dev = authCookieSettings({
      APP_DOMAIN: 'joycity.localhost',
      PUBLIC_SCHEME: 'http',
      NODE_ENV: 'test',
    });
    const header =
      'WBTokenV3=wb; jc_access=acc; jc_refresh=ref; x-supplier-id-external=s1; __Secure-jc_access=x; __Host-jc_csrf=c';
    expect(readAuthCookies(dev, header)).toEqual({ access: 'acc', refresh: 'ref' });
    expect(stripPlatformCookies(header)).toBe('WBTokenV3=wb; x-supplier-id-external=s1');
    expect(stripPlatformCookies('jc_access=a')).toBeUndefined();
    expect(stripPlatformCookies(undefined)).toBeUndefined();
    expect(parseCookieHeader('a=1; a=2; b="q"; bad; =x').get('a')).toBe('1');
    expect(parseCookieHeader('b="q"').get('b')).toBe('q');
  });
});
