import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pub, startStack, type Stack } from '../../test/stack.ts';
import { AUTHORIZEV3_PLACEHOLDER } from '../session/local-answers.ts';
import { FilterDeniedError, type FilterExtension, type FilterRequestContext } from './extension.ts';

/** A real filter implementation for the extension point: what the lead's issue-6 filter plugs into. */
const seen: FilterRequestContext[] = [];
const filter: FilterExtension<{ mode: 'mark' | 'throw' | 'deny' }> = {
  guardRequest(ctx) {
    seen.push(ctx);
    if (ctx.path.endsWith('/feedbacks/count'))
      return { action: 'deny', status: 403, code: 'NMID_NOT_ASSIGNED' };
    if (ctx.path.endsWith('/banners')) {
      return {
        action: 'answer',
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: '{"data":[]}',
      };
    }
    return { action: 'forward' };
  },
  planResponse(ctx) {
    if (!ctx.path.startsWith('/ns/orders/')) return null;
    if (ctx.search.includes('mode=throw')) return { mode: 'throw' };
    if (ctx.search.includes('mode=deny')) return { mode: 'deny' };
    return { mode: 'mark' };
  },
  async applyResponseFilter(plan, input) {
    if (plan.mode === 'throw') throw new Error('cannot decide');
    if (plan.mode === 'deny') throw new FilterDeniedError('NMID_NOT_ASSIGNED', 'not yours');
    const json = JSON.parse(Buffer.from(input.body).toString('utf8')) as { data: { orders: unknown[] } };
    json.data.orders = [];
    return { body: JSON.stringify({ ...json, filtered: true }), contentType: input.contentType };
  },
};

let stack: Stack;
let manager: string;
beforeAll(async () => {
  stack = await startStack({ filter });
  manager = await stack.login('manager@example.com');
}, 60_000);
afterAll(() => stack?.close());

const api = {
  accept: 'application/json',
  authorizev3: AUTHORIZEV3_PLACEHOLDER,
  'accept-encoding': 'gzip, br',
};
const ORDERS = '/ns/orders/analytics-back/api/v1/orders';

describe('the filter extension point', () => {
  it('gives the guard the user, account, host, path, query and body', async () => {
    seen.length = 0;
    await stack.get(pub('seller-weekly-report'), '/ns/supplier-goods/analytics-back/api/v2/report', {
      method: 'POST',
      cookie: manager,
      headers: { ...api, 'content-type': 'application/json' },
      body: '{"limit":1}',
    });
    expect(seen[0]).toMatchObject({
      accountId: stack.accountId,
      wbHost: 'seller-weekly-report.wildberries.ru',
      method: 'POST',
      path: '/ns/supplier-goods/analytics-back/api/v2/report',
      roles: ['MANAGER'],
      locale: 'ru',
    });
    expect(Buffer.from(seen[0]!.body!).toString()).toBe('{"limit":1}');
    expect(seen[0]!.headers.cookie).toBeUndefined();
  });

  it('lets the guard deny or answer locally', async () => {
    const denied = await stack.get(
      pub('seller-reviews'),
      '/ns/fa-seller-api/reviews-ext-seller-portal/api/v1/feedbacks/count',
      { cookie: manager, headers: api },
    );
    expect(denied.status).toBe(403);
    expect(JSON.parse(denied.text)).toMatchObject({ joycity: { code: 'NMID_NOT_ASSIGNED' } });
    const answered = await stack.get(pub('seller-communications'), '/ns/banners/api/v1/banners', {
      cookie: manager,
      headers: api,
    });
    expect(answered.text).toBe('{"data":[]}');
  });

  it('buffers, decompresses, filters and re-encodes planned responses', async () => {
    const res = await stack.get(pub('seller-weekly-report'), `${ORDERS}?limit=5`, {
      cookie: manager,
      headers: { ...api, 'accept-encoding': 'identity' },
    });
    expect(res.status, res.text).toBe(200);
    expect(JSON.parse(res.text)).toMatchObject({ filtered: true, data: { orders: [] } });
  });

  it('fails closed: a filter that throws never lets the unfiltered body through', async () => {
    const broken = await stack.get(pub('seller-weekly-report'), `${ORDERS}?limit=5&mode=throw`, {
      cookie: manager,
      headers: api,
    });
    expect(broken.status).toBe(502);
    expect(broken.text).not.toContain('nmId');
    expect(JSON.parse(broken.text)).toMatchObject({ joycity: { code: 'PROXY_FILTER_FAILED' } });
    const refused = await stack.get(pub('seller-weekly-report'), `${ORDERS}?limit=5&mode=deny`, {
      cookie: manager,
      headers: api,
    });
    expect(refused.status).toBe(403);
    expect(refused.text).not.toContain('nmId');
  });
});
