import { request } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FaultInjector } from './faults.ts';
import { startEmulator, type RunningEmulator } from '../index.ts';

const NOW = '2026-11-20T12:00:00Z';
const PING = 'https://common-api.wildberries.ru/ping';
const INFO = 'https://common-api.wildberries.ru/api/v1/seller-info';
const ORDERS = 'https://statistics-api.wildberries.ru/api/v1/supplier/orders?dateFrom=2026-11-01';

let emu: RunningEmulator;
let token: string;
beforeAll(async () => {
  emu = await startEmulator({
    seed: 8,
    accounts: 1,
    days: 30,
    cards: 20,
    volume: 2,
    now: NOW,
    timeScale: 1e6,
  });
  token = emu.emulator.key(1).token;
});
afterAll(() => emu.close());
beforeEach(() => emu.control.reset());

const call = (url: string, init: { gzip?: boolean } = {}) => emu.wb.request(url, { token, ...init });

describe('fault injection', () => {
  it('answers 5xx a given number of times, then recovers', async () => {
    await emu.control.addFault({
      host: 'common-api.wildberries.ru',
      path: '/api/v1/seller-info',
      kind: 'status',
      status: 502,
      count: 2,
    });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await call(INFO)).status);
    expect(statuses).toEqual([502, 502, 200]);
    const bad = await (async () => {
      await emu.control.addFault({ kind: 'status', count: 1 });
      return call(INFO);
    })();
    expect(bad.status).toBe(503);
    expect(bad.json()).toMatchObject({ status: 503, statusText: 'Service Unavailable' });
    const [rule] = await emu.control.faults();
    expect(rule).toMatchObject({ matched: 2, applied: 2 });
  });

  it('matches by host and path prefix only', async () => {
    await emu.control.addFault({
      host: 'statistics-api.wildberries.ru',
      path: '/api/v1/supplier/',
      kind: 'status',
      status: 500,
    });
    expect((await call(ORDERS)).status).toBe(500);
    expect((await call('https://statistics-api.wildberries.ru/ping')).status).toBe(200);
    expect((await call(INFO)).status).toBe(200);
  });

  it('lets the first K through with skip, and is deterministic with a probability', async () => {
    await emu.control.addFault({
      id: 'later',
      host: 'common-api.wildberries.ru',
      kind: 'status',
      status: 504,
      skip: 2,
      count: 1,
    });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await call(INFO)).status);
    expect(statuses).toEqual([200, 200, 504, 200]);

    const run = async () => {
      await emu.control.reset();
      await emu.control.addFault({
        id: 'flaky',
        path: '/api/v1/seller-info',
        kind: 'status',
        probability: 0.5,
      });
      const out = [];
      for (let i = 0; i < 10; i++) out.push((await call(INFO)).status);
      return out;
    };
    const first = await run();
    expect(first).toContain(503);
    expect(first).toContain(200);
    expect(await run()).toEqual(first);
  });

  it('delays answers', async () => {
    await emu.control.addFault({ path: '/ping', kind: 'latency', latencyMs: 150, count: 1 });
    const started = performance.now();
    expect((await call(PING)).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('resets the connection, before the answer or mid-body', async () => {
    await emu.control.addFault({ path: '/ping', kind: 'reset', count: 1 });
    await expect(call(PING)).rejects.toThrow(/other side closed|socket|ECONNRESET/i);
    expect((await call(PING)).status).toBe(200);
    await emu.control.addFault({
      path: '/api/v1/supplier/orders',
      kind: 'reset',
      afterBytes: 2000,
      count: 1,
    });
    await expect(call(ORDERS)).rejects.toThrow(/other side closed|terminated|socket|ECONNRESET/i);
    const [entry] = await emu.control.requests({ path: '/api/v1/supplier/orders' });
    expect(entry?.faults).toHaveLength(1);
  });

  it('sends truncated or corrupt gzip bodies (valid HTTP, broken gzip), even to clients that did not ask for gzip', async () => {
    await emu.control.addFault({ path: '/api/v1/seller-info', kind: 'truncate', count: 1 });
    const truncated = await call(INFO);
    expect(truncated.status).toBe(200);
    expect(truncated.headers['content-encoding']).toBe('gzip');
    expect(() => truncated.text()).toThrow(/unexpected end of file/);
    await emu.control.addFault({ path: '/api/v1/seller-info', kind: 'corrupt', count: 1 });
    const corrupt = await call(INFO, { gzip: false });
    expect(corrupt.headers['content-encoding']).toBe('gzip');
    expect(() => corrupt.text()).toThrow();
    await expect(call(INFO).then((r) => r.json())).resolves.toMatchObject({
      tin: expect.any(String) as unknown,
    });
  });

  it('answers 429 storms with WB headers, then normal service', async () => {
    await emu.control.addFault({
      host: 'statistics-api.wildberries.ru',
      kind: 'rate-limit',
      retrySeconds: 7,
      count: 3,
    });
    const statuses = [];
    for (let i = 0; i < 4; i++) {
      const res = await call(ORDERS);
      statuses.push(res.status);
      if (res.status === 429) expect(res.headers['x-ratelimit-retry']).toBe('7');
    }
    expect(statuses).toEqual([429, 429, 429, 200]);
  });

  it('withdraws tokens as a fault too (401 for every call while active)', async () => {
    await emu.control.addFault({
      id: 'withdrawn',
      host: 'statistics-api.wildberries.ru',
      kind: 'unauthorized',
    });
    const res = await call(ORDERS);
    expect(res.status).toBe(401);
    expect(res.json()).toMatchObject({ detail: 'token problem; token withdrawn' });
    await emu.control.removeFault('withdrawn');
    expect((await call(ORDERS)).status).toBe(200);
  });

  it('refuses malformed rules with a message naming the field', async () => {
    await expect(emu.control.addFault({ kind: 'explode' } as never)).rejects.toThrow(/kind/);
    await expect(emu.control.addFault({ kind: 'status', probability: 2 })).rejects.toThrow(/probability/);
  });
});

describe('gzip', () => {
  it('compresses when the client accepts gzip, not otherwise', async () => {
    const zipped = await call(ORDERS);
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.raw.length).toBeLessThan(zipped.body().length / 3);
    const plain = await request(`${emu.url}/api/v1/supplier/orders?dateFrom=2026-11-01`, {
      headers: { host: 'statistics-api.wildberries.ru', authorization: token },
    });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(Array.isArray(await plain.body.json())).toBe(true);
  });
});

describe('FaultInjector', () => {
  it('spends count, honours method and refuses duplicate ids', () => {
    const f = new FaultInjector(1);
    f.add({ id: 'a', kind: 'status', method: 'post', count: 1 });
    expect(f.match({ host: 'x', path: '/', method: 'GET' })).toHaveLength(0);
    expect(f.match({ host: 'x', path: '/', method: 'POST' })).toHaveLength(1);
    expect(f.match({ host: 'x', path: '/', method: 'POST' })).toHaveLength(0);
    expect(() => f.add({ id: 'a', kind: 'latency' })).toThrow(/exists/);
  });
});
