import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pub, startStack, type Stack } from '../../test/stack.ts';
import { DENY_RULES, matchDenyRule } from './deny-list.ts';

let stack: Stack;
let manager: string;
beforeAll(async () => {
  stack = await startStack();
  manager = await stack.login('manager@example.com');
}, 60_000);
afterAll(() => stack?.close());

const nav = { accept: 'text/html', 'sec-fetch-mode': 'navigate' };
const json = { accept: 'application/json', 'content-type': 'application/json' };
const rpc = (method: string, params: Record<string, unknown> = {}, id = 1) => ({
  jsonrpc: '2.0',
  id,
  method,
  params,
});

describe('matchDenyRule', () => {
  it('matches paths whatever their case, doubled slashes or percent-encoding', () => {
    const m = (path: string) =>
      matchDenyRule({ wbHost: 'seller.wildberries.ru', method: 'GET', path, rpcMethods: [] })?.id;
    expect(m('/ns/users-management/suppliers-portal-core/api/v1/users')).toBe('users.api');
    expect(m('/NS/Users-Management/x')).toBe('users.api');
    expect(m('//ns//users-management/x')).toBe('users.api');
    expect(m('/ns/users%2Dmanagement/x')).toBe('users.api');
    expect(m('/ns/dashboard/suppliers-portal-core/api/v1/summary')).toBeUndefined();
    // Pages are matched exactly: the finance reports live under /suppliers-mutual-settlements.
    expect(m('/suppliers')).toBe('legal-entity.page');
    expect(m('/suppliers/')).toBe('legal-entity.page');
    expect(m('/suppliers-mutual-settlements/reports-implementations/reports-weekly-new')).toBeUndefined();
    expect(DENY_RULES.length).toBeGreaterThanOrEqual(14);
  });
});

describe('the deny-list through the proxy', () => {
  const blocked: Array<[string, string, string, string, unknown?]> = [
    [
      'api tokens list',
      pub('seller-content'),
      'GET',
      '/ns/suppliers-auth-tokens/suppliers-portal-core/api/v1/tokens',
    ],
    [
      'api token creation',
      pub('seller-content'),
      'POST',
      '/ns/suppliers-auth-tokens/suppliers-portal-core/api/v1/tokens',
      { name: 'x' },
    ],
    [
      'api token deletion',
      pub('seller-content'),
      'DELETE',
      '/ns/suppliers-auth-tokens/suppliers-portal-core/api/v1/tokens/1',
    ],
    ['users list', pub(), 'GET', '/ns/users-management/suppliers-portal-core/api/v1/users'],
    [
      'user invite',
      pub(),
      'POST',
      '/ns/users-management/suppliers-portal-core/api/v1/users/invite',
      { phone: '+79990000000' },
    ],
    ['bank accounts', pub('seller-services'), 'GET', '/ns/requisites/seller-requisites/api/v1/bank-accounts'],
    [
      'bank account form',
      pub('seller-services'),
      'POST',
      '/ns/requisites/seller-requisites/api/v1/bank-accounts/form',
      {},
    ],
    [
      'changeSupplier',
      pub(),
      'POST',
      '/ns/suppliers/suppliers-portal-core/suppliers',
      rpc('changeSupplier', { supplierID: 'x' }),
    ],
    [
      'changeSupplier in a batch',
      pub(),
      'POST',
      '/ns/suppliers/suppliers-portal-core/suppliers',
      [rpc('listCountries'), rpc('changeSupplier', {}, 2)],
    ],
    ['shell logout', pub(), 'GET', '/logout'],
    ['auth logout', pub('seller-auth'), 'POST', '/auth/v2/auth/logout', {}],
    ['WB login page', pub('seller-auth'), 'GET', '/ru/'],
    ['SMS code', pub('seller-auth'), 'POST', '/auth/v2/code', { phone_number: '+79990000000' }],
    ['slide-v3', pub('seller-auth'), 'POST', '/auth/v2/auth/slide-v3', {}],
    ['proof of work', pub('pow--wb--ru'), 'POST', '/api/v1/challenge', {}],
    ['shell login', pub(), 'GET', '/login'],
  ];

  it.each(blocked)('refuses %s with a JSON error, and audits it', async (_name, host, method, path, body) => {
    const before = await stack.bootstrap
      .selectFrom('audit_log')
      .where('action', '=', 'proxy.blocked')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    const res = await stack.get(host, path, {
      method,
      cookie: manager,
      headers: json,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    expect(res.status).toBe(403);
    expect(JSON.parse(res.text)).toMatchObject({
      error: true,
      joycity: { code: expect.stringMatching(/^PROXY_BLOCKED/) as unknown },
    });
    const after = await stack.bootstrap
      .selectFrom('audit_log')
      .where('action', '=', 'proxy.blocked')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n) + 1);
  });

  it('never lets a blocked request reach WB', async () => {
    const log = await stack.emu.control.requests({ limit: 1000 });
    expect(
      log.filter((r) => /users-management|suppliers-auth-tokens|requisites|logout|\/auth\/v2\//.test(r.path)),
    ).toEqual([]);
  });

  it.each([
    ['/supplier-settings/access-to-api'],
    ['/supplier-settings/users'],
    ['/supplier-settings/requisites'],
    ['/suppliers'],
  ])('refuses the page %s with a clear HTML page', async (path) => {
    const res = await stack.get(pub(), path, {
      cookie: manager,
      headers: { ...nav, 'accept-language': 'en' },
    });
    expect(res.status).toBe(403);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.text).toContain('data-joycity-page="blocked"');
  });

  it('refuses a request naming another legal entity, and records who tried', async () => {
    const res = await stack.get(pub('seller-weekly-report'), '/ns/orders/analytics-back/api/v1/orders', {
      cookie: manager,
      headers: { ...json, 'x-supplier-id': '00000000-0000-0000-0000-000000000000' },
    });
    expect(res.status).toBe(403);
    const entry = await stack.bootstrap
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'proxy.blocked')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(entry).toMatchObject({
      actor_email: 'manager@example.com',
      outcome: 'denied',
      target_id: String(stack.accountId),
    });
    expect(entry.details).toMatchObject({ rule: 'legal-entity.header' });
  });

  it('lists only the current legal entity in getUserSuppliers (single call and batch)', async () => {
    const current = stack.emu.emulator.accounts()[0]!.supplierId;
    const single = await stack.get(pub(), '/ns/suppliers/suppliers-portal-core/suppliers', {
      method: 'POST',
      cookie: manager,
      headers: json,
      body: JSON.stringify(rpc('getUserSuppliers')),
    });
    expect(single.status, single.text).toBe(200);
    const one = JSON.parse(single.text) as {
      result: { suppliers: Array<{ id: string }>; countSuppliers: number };
    };
    expect(one.result.suppliers.map((s) => s.id)).toEqual([current]);
    expect(one.result.countSuppliers).toBe(1);
    const batch = await stack.get(pub(), '/ns/suppliers/suppliers-portal-core/suppliers', {
      method: 'POST',
      cookie: manager,
      headers: json,
      body: JSON.stringify([rpc('listCountries', {}, 1), rpc('getUserSuppliers', {}, 2)]),
    });
    const answers = JSON.parse(batch.text) as Array<{
      id: number;
      result: { suppliers?: Array<{ id: string }> };
    }>;
    expect(answers.find((a) => a.id === 2)!.result.suppliers!.map((s) => s.id)).toEqual([current]);
    expect(batch.text).not.toContain(stack.emu.emulator.accounts()[1]!.supplierId);
  });
});
