import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findUnmappedWbUrls } from '../rewrite/index.ts';
import { pub, startStack, type Stack } from '../../test/stack.ts';

let stack: Stack;
let manager: string;
beforeAll(async () => {
  stack = await startStack();
  manager = await stack.login('manager@example.com');
}, 60_000);
afterAll(() => stack?.close());

const nav = { accept: 'text/html', 'sec-fetch-mode': 'navigate' };

describe('who may pass', () => {
  it('sends a browser without a session to the admin login with a validated return URL', async () => {
    const res = await stack.get(pub(), '/analytics/orders?x=1', { headers: nav });
    expect(res.status).toBe(302);
    const location = new URL(String(res.headers.location));
    expect(location.origin).toBe('http://admin.joycity.test:3000');
    expect(location.pathname).toBe('/login');
    expect(location.searchParams.get('returnTo')).toBe(
      'http://wb-seller.joycity.test:8080/analytics/orders?x=1',
    );
    const api = await stack.get(pub('seller-weekly-report'), '/ns/orders/analytics-back/api/v1/orders');
    expect(api.status).toBe(401);
  });

  it('shows a clear page to users without the permission or without an account', async () => {
    const analyst = await stack.login('analyst@example.com');
    const res = await stack.get(pub(), '/', { cookie: analyst, headers: nav });
    expect(res.status).toBe(403);
    expect(res.text).toContain('data-joycity-page="no-access"');
    const lonely = await stack.login('lonely@example.com');
    const res2 = await stack.get(pub(), '/', { cookie: lonely, headers: nav });
    expect(res2.status).toBe(403);
    expect(res2.text).toContain('data-joycity-page="no-account"');
  });

  it('renews an expired access token from the refresh cookie and sets the new cookies', async () => {
    const refreshOnly = manager
      .split('; ')
      .filter((c) => c.startsWith('jc_refresh='))
      .join('; ');
    const res = await stack.get(pub(), '/', { cookie: refreshOnly, headers: nav });
    expect(res.status).toBe(200);
    expect(res.setCookies.some((c) => c.startsWith('jc_access='))).toBe(true);
    manager = res.setCookies.map((c) => c.split(';')[0]!).join('; ');
  });
});

describe('forwarding', () => {
  it('serves the portal shell rewritten, with no WB URL and no WB cookie', async () => {
    const res = await stack.get(pub(), '/', { cookie: manager, headers: nav });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(findUnmappedWbUrls(res.text)).toEqual([]);
    expect(res.setCookies.filter((c) => !c.startsWith('jc_'))).toEqual([]);
    expect(String(res.headers['content-security-policy'])).toContain('wb-seller.joycity.test');
  });

  it('answers an API call with the account session attached server-side', async () => {
    const res = await stack.get(
      pub('seller-weekly-report'),
      '/ns/orders/analytics-back/api/v1/orders?limit=5',
      {
        cookie: manager,
        headers: { authorizev3: 'joycity-proxy-authorizev3', accept: 'application/json' },
      },
    );
    expect(res.status, res.text).toBe(200);
    const json = JSON.parse(res.text) as { data: { orders: unknown[] } };
    expect(json.data.orders.length).toBeGreaterThan(0);
  });
});
