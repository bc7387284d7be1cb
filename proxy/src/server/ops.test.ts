import { createProxySessionValidator } from '@joycity/shared/credentials';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pub, startStack, type Stack } from '../../test/stack.ts';
import { AUTHORIZEV3_PLACEHOLDER } from '../session/local-answers.ts';

let stack: Stack;
let manager: string;
beforeAll(async () => {
  stack = await startStack();
  manager = await stack.login('manager@example.com');
}, 60_000);
afterAll(() => stack?.close());

describe('operations', () => {
  it('answers /healthz, /readyz and /metrics on the base host without forwarding them', async () => {
    await stack.emu.control.clearRequests();
    for (const path of ['/healthz', '/readyz']) {
      const res = await stack.get(pub(), path);
      expect(res.status).toBe(200);
      expect(JSON.parse(res.text)).toMatchObject({ status: 'ok', service: 'proxy' });
    }
    await stack.get(pub('seller-weekly-report'), '/ns/orders/analytics-back/api/v1/orders', {
      cookie: manager,
      headers: { authorizev3: AUTHORIZEV3_PLACEHOLDER },
    });
    const metrics = await stack.get(pub(), '/metrics');
    expect(metrics.text).toMatch(/proxy_requests_total\{role="portal-analytics",status="2xx"\} 1/);
    expect(metrics.text).toContain('proxy_upstream_duration_seconds_bucket');
    const forwarded = await stack.emu.control.requests({});
    expect(forwarded.map((r) => r.path)).toEqual(['/ns/orders/analytics-back/api/v1/orders']);
  });

  it('writes one JSON access-log line per request, without secrets', async () => {
    const line = stack.logs
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.msg === 'request' && l.path === '/ns/orders/analytics-back/api/v1/orders');
    expect(line).toMatchObject({
      status: 200,
      upstreamStatus: 200,
      accountId: stack.accountId,
      host: 'seller-weekly-report.wildberries.ru',
    });
    expect(typeof line!.durationMs).toBe('number');
    expect(typeof line!.userId).toBe('string');
    const all = stack.logs.join('\n');
    const wb = stack.emu.emulator.accounts()[0]!;
    expect(all).not.toContain(wb.portal.authorizev3);
    expect(all).not.toContain(manager.split('=')[1]!.split(';')[0]!);
  });
});

describe('POST /internal/validate-session (the admin’s live session check)', () => {
  const validator = () =>
    createProxySessionValidator({ baseUrl: stack.proxy.url, secret: stack.config.INTERNAL_API_SECRET });

  it('accepts a working portal session and names each failure', async () => {
    const wb = stack.emu.emulator.accounts()[1]!;
    expect(
      await validator()({ cookies: { ...wb.portal.cookies }, authorizev3: wb.portal.authorizev3 }),
    ).toEqual({ ok: true });
    expect(await validator()({ cookies: { WBTokenV3: 'not-a-token' } })).toMatchObject({
      ok: false,
      code: 'WB_SESSION_EXPIRED',
    });
    expect(await validator()({ cookies: { 'x-supplier-id-external': 'x' } })).toMatchObject({
      ok: false,
      code: 'WB_SESSION_INCOMPLETE',
    });
    await stack.emu.control.addFault({
      host: 'seller.wildberries.ru',
      path: '/ns/passport-portal/',
      kind: 'status',
      status: 502,
    });
    expect(await validator()({ cookies: { ...wb.portal.cookies } })).toMatchObject({
      ok: false,
      code: 'WB_UNREACHABLE',
    });
    await stack.emu.control.clearFaults();
  });

  it('refuses a wrong secret, and is not served on the public hosts', async () => {
    const wrong = createProxySessionValidator({ baseUrl: stack.proxy.url, secret: 'x'.repeat(43) });
    expect(await wrong({ cookies: { WBTokenV3: 'x' } })).toMatchObject({
      ok: false,
      code: 'PROXY_UNAVAILABLE',
    });
    const res = await stack.get(pub(), '/internal/validate-session', {
      method: 'POST',
      headers: {
        authorization: `Bearer ${stack.config.INTERNAL_API_SECRET}`,
        'content-type': 'application/json',
      },
      body: '{}',
    });
    expect(res.status).not.toBe(200);
  });
});

describe('graceful shutdown', () => {
  it('finishes in-flight requests, then stops', async () => {
    const other = await stack.proxyTo(stack.emu.url);
    await stack.emu.control.addFault({
      host: 'seller-weekly-report.wildberries.ru',
      path: '*',
      kind: 'latency',
      latencyMs: 500,
    });
    const inFlight = stack.get(pub('seller-weekly-report'), '/ns/orders/analytics-back/api/v1/orders', {
      via: other.url,
      cookie: manager,
      headers: { authorizev3: AUTHORIZEV3_PLACEHOLDER },
    });
    await new Promise((r) => setTimeout(r, 150));
    const closed = other.close(5_000);
    expect((await inFlight).status).toBe(200);
    await closed;
    await expect(stack.get(pub(), '/healthz', { via: other.url })).rejects.toThrow();
    await stack.emu.control.clearFaults();
  });
});
