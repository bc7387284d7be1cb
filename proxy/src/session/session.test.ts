import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pub, startStack, type Stack } from '../../test/stack.ts';
import { AUTHORIZEV3_PLACEHOLDER, SELLER_LK_PLACEHOLDER } from './local-answers.ts';

let stack: Stack;
let manager: string;
let secrets: string[];
beforeAll(async () => {
  stack = await startStack();
  manager = await stack.login('manager@example.com');
  const wb = stack.emu.emulator.accounts()[0]!;
  secrets = [
    wb.portal.authorizev3,
    wb.portal.cookies['wbx-validation-key']!,
    wb.portal.refreshCookie['wbx-refresh']!,
  ];
}, 60_000);
afterAll(() => stack?.close());

const json = { accept: 'application/json', 'content-type': 'application/json' };

const noSecrets = (text: string) => {
  for (const secret of secrets) expect(text).not.toContain(secret);
};

describe('the WB session stays on the server', () => {
  it('answers upgrade-cookie-authv3 with a placeholder and no cookie', async () => {
    const res = await stack.get(pub(), '/upgrade-cookie-authv3', {
      method: 'POST',
      cookie: manager,
      headers: json,
      body: '{}',
    });
    expect(res.status, res.text).toBe(200);
    const body = JSON.parse(res.text) as { data: { token: string; expiresAt: string } };
    expect(body.data.token).toBe(AUTHORIZEV3_PLACEHOLDER);
    expect(Date.parse(body.data.expiresAt)).toBeGreaterThan(Date.now());
    expect(res.setCookies.filter((c) => !c.startsWith('jc_'))).toEqual([]);
    noSecrets(res.text);
  });

  it('keeps one shared wb-seller-lk per account and puts it into seller-services calls', async () => {
    await stack.emu.control.clearRequests();
    const call = () =>
      stack.get(pub(), '/ns/suppliers-auth/suppliers-portal-core/auth/token', {
        method: 'POST',
        cookie: manager,
        headers: { ...json, authorizev3: AUTHORIZEV3_PLACEHOLDER },
        body: JSON.stringify({ params: {}, jsonrpc: '2.0', id: 'json-rpc_7' }),
      });
    const first = await call();
    expect(first.status, first.text).toBe(200);
    const answer = JSON.parse(first.text) as { id: string; result: { data: { token: string; exp: number } } };
    expect(answer.id).toBe('json-rpc_7');
    expect(answer.result.data.token).toBe(SELLER_LK_PLACEHOLDER);
    expect(answer.result.data.exp * 1000).toBeGreaterThan(Date.now() - 86_400_000);
    await call();
    const minted = await stack.emu.control.requests({
      path: '/ns/suppliers-auth/suppliers-portal-core/auth/token',
    });
    expect(minted).toHaveLength(1);

    const balance = await stack.get(pub('seller-services'), '/ns/reports/seller-wb-balance/api/v1/balance', {
      cookie: manager,
      headers: { ...json, authorizev3: AUTHORIZEV3_PLACEHOLDER, 'wb-seller-lk': SELLER_LK_PLACEHOLDER },
    });
    expect(balance.status, balance.text).toBe(200);
    noSecrets(balance.text);
  });

  it('renews an expired WB session with slide-v3, transparently, and stores the new cookies', async () => {
    const version = () =>
      stack.bootstrap
        .selectFrom('accounts')
        .select(['portal_session_version'])
        .where('id', '=', stack.accountId)
        .executeTakeFirstOrThrow();
    const before = await version();
    await stack.emu.control.setClock({ advance: '15d' });
    const res = await stack.get(
      pub('seller-weekly-report'),
      '/ns/orders/analytics-back/api/v1/orders?limit=3',
      {
        cookie: manager,
        headers: { ...json, authorizev3: AUTHORIZEV3_PLACEHOLDER },
      },
    );
    expect(res.status, res.text).toBe(200);
    const slides = await stack.emu.control.requests({ path: '/auth/v2/auth/slide-v3-confirm' });
    expect(slides.length).toBe(1);
    expect((await version()).portal_session_version).toBeGreaterThan(before.portal_session_version);
    noSecrets(res.text);
  });

  it('refreshes once for a burst of requests across two replicas (single flight per account)', async () => {
    const replica = await stack.proxyTo(stack.emu.url);
    await stack.emu.control.clearRequests();
    await stack.emu.control.setClock({ advance: '15d' });
    const burst = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        stack.get(pub('seller-weekly-report'), `/ns/orders/analytics-back/api/v1/orders?limit=2&i=${i}`, {
          cookie: manager,
          headers: { ...json, authorizev3: AUTHORIZEV3_PLACEHOLDER },
          ...(i % 2 ? { via: replica.url } : {}),
        }),
      ),
    );
    expect(burst.map((r) => r.status)).toEqual(Array.from({ length: 12 }, () => 200));
    expect(await stack.emu.control.requests({ path: '/auth/v2/auth/slide-v3-confirm' })).toHaveLength(1);
  });

  it('marks the account needs_relogin when WB withdraws the session, and shows managers a clear page', async () => {
    await stack.emu.control.revokePortalSessions(1);
    const res = await stack.get(pub(), '/', {
      cookie: manager,
      headers: { accept: 'text/html', 'sec-fetch-mode': 'navigate' },
    });
    expect(res.status).toBe(503);
    expect(res.text).toContain('data-joycity-page="needs-relogin"');
    const account = await stack.bootstrap
      .selectFrom('accounts')
      .select(['session_status'])
      .where('id', '=', stack.accountId)
      .executeTakeFirstOrThrow();
    expect(account.session_status).toBe('needs_relogin');
    // Later requests are answered at once, without asking WB.
    await stack.emu.control.clearRequests();
    const again = await stack.get(pub('seller-weekly-report'), '/ns/orders/analytics-back/api/v1/orders', {
      cookie: manager,
      headers: json,
    });
    expect(again.status).toBe(503);
    expect(JSON.parse(again.text)).toMatchObject({ joycity: { code: 'WB_SESSION_NEEDS_RELOGIN' } });
    expect(await stack.emu.control.requests({})).toEqual([]);
  });
});
