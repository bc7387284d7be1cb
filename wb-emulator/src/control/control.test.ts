import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createControlClient, startEmulator, type RunningEmulator } from '../index.ts';

const NOW = '2026-11-20T12:00:00Z';

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator({ seed: 31, accounts: 3, days: 20, cards: 8, now: NOW });
});
afterAll(() => emu.close());

describe('the control API', () => {
  it('starts fast and describes itself', async () => {
    const started = performance.now();
    const quick = await startEmulator({ seed: 1, accounts: 2, days: 30, cards: 40 });
    expect(performance.now() - started).toBeLessThan(1_000);
    const d = await quick.control.describe();
    expect(d).toMatchObject({ seed: 1, accounts: 2, days: 30, cards: 40, frozen: false, timeScale: 1 });
    await quick.close();
    expect(await emu.control.describe()).toMatchObject({
      seed: 31,
      now: '2026-11-20T12:00:00.000Z',
      frozen: true,
    });
  });

  it('lists accounts with their keys and portal credentials', async () => {
    const accounts = await emu.control.accounts();
    expect(accounts).toHaveLength(3);
    const [a] = accounts;
    if (!a) throw new Error('no account');
    expect(a).toMatchObject({ id: 1, cards: 8 });
    expect(a.tin).toMatch(/^\d{10}(\d{2})?$/);
    expect(Object.keys(a.keys).sort()).toEqual([
      'basic',
      'expired',
      'noFinance',
      'personal',
      'readOnly',
      'service',
      'test',
    ]);
    expect(decodeJwt(a.keys.personal?.token as string).oid).toBe(a.oid);
    expect(a.portal.cookies.WBTokenV3).toBe(a.portal.authorizev3);
    expect(a.portal.cookies['x-supplier-id-external']).toBe(a.supplierId);
    expect(a.portal.phone).toMatch(/^\+79\d{9}$/);
    expect(a.nmIds).toHaveLength(8);
    // The same answer on any host, e.g. a WB host name.
    const viaHost = await emu.wb.request('https://seller.wildberries.ru/__emulator/accounts');
    expect(viaHost.json<{ accounts: unknown[] }>().accounts).toHaveLength(3);
  });

  it('reports the truth per account, and refuses unknown accounts', async () => {
    const truth = await emu.control.truth(2);
    expect(truth.account.id).toBe(2);
    expect(truth.orders.rows).toBeGreaterThan(0);
    expect(truth.finance.weekly.columns.forPay).toMatch(/^\d+\.\d{2}$/);
    await expect(emu.control.truth(9)).rejects.toThrow(/no account 9/);
    const bad = await fetch(`${emu.url}/__emulator/truth`);
    expect(bad.status).toBe(400);
  });

  it('moves and freezes the clock', async () => {
    const moved = await emu.control.setClock({ advance: '2d' });
    expect(moved.now).toBe('2026-11-22T12:00:00.000Z');
    const set = await emu.control.setClock({ set: '2026-12-01T09:00:00Z' });
    expect(set.now).toBe('2026-12-01T09:00:00.000Z');
    const running = await emu.control.setClock({ frozen: false });
    expect(running.frozen).toBe(false);
    await new Promise((r) => setTimeout(r, 30));
    expect(Date.parse((await emu.control.clock()).now)).toBeGreaterThan(Date.parse('2026-12-01T09:00:00Z'));
    await emu.control.reset();
    expect(await emu.control.clock()).toMatchObject({ now: '2026-11-20T12:00:00.000Z', frozen: true });
    await expect(emu.control.setClock({ advance: 'soon' })).rejects.toThrow(/advance/);
  });

  it('sets the time scale', async () => {
    await emu.control.setTimeScale(500);
    expect((await emu.control.clock()).timeScale).toBe(500);
    await expect(emu.control.setTimeScale(-1)).rejects.toThrow(/timeScale/);
    await emu.control.reset();
  });

  it('keeps a request log that can be filtered and cleared', async () => {
    await emu.control.clearRequests();
    const token = emu.emulator.key(1).token;
    await emu.wb.request('https://common-api.wildberries.ru/ping', { token });
    await emu.wb.request('https://statistics-api.wildberries.ru/nope', { token });
    const all = await emu.control.requests();
    expect(all.map((r) => `${r.status} ${r.host}${r.path}`)).toEqual([
      '200 common-api.wildberries.ru/ping',
      '404 statistics-api.wildberries.ru/nope',
    ]);
    expect(await emu.control.requests({ host: 'statistics-api.wildberries.ru' })).toHaveLength(1);
    expect(await emu.control.requests({ since: all[0]?.seq })).toHaveLength(1);
    await emu.control.clearRequests();
    expect(await emu.control.requests()).toEqual([]);
  });

  it('reseeds: new data, new accounts, same host table', async () => {
    const before = await emu.control.accounts();
    const after = await emu.control.seed({ seed: 77, accounts: 1, cards: 4 });
    expect(after).toHaveLength(1);
    expect(after[0]?.oid).not.toBe(before[0]?.oid);
    const res = await emu.wb.request('https://common-api.wildberries.ru/api/v1/seller-info', {
      token: after[0]?.keys.personal?.token as string,
    });
    expect(res.status).toBe(200);
    // keys of the old world were signed with another seed's key
    const old = await emu.wb.request('https://common-api.wildberries.ru/api/v1/seller-info', {
      token: before[0]?.keys.personal?.token as string,
    });
    expect(old.status).toBe(401);
    await expect(emu.control.seed({ accounts: 0 })).rejects.toThrow(/accounts/);
    await emu.control.seed({ seed: 31, accounts: 3, cards: 8 });
  });

  it('lists the hosts the emulator serves, from the shared catalogue', async () => {
    const res = await fetch(`${emu.url}/__emulator/hosts`);
    const { hosts, patterns } = (await res.json()) as {
      hosts: Array<{ host: string; kind: string; served: boolean }>;
      patterns: Array<{ pattern: string; served: boolean }>;
    };
    expect(hosts.filter((h) => h.kind === 'seller-api').every((h) => h.served)).toBe(true);
    expect(patterns.find((p) => p.pattern === 'basket-{NN}.wbbasket.ru')?.served).toBe(true);
  });

  it('answers 421 for hosts that are not WB, and 404 for unknown control endpoints', async () => {
    const res = await emu.wb.request('https://example.com/ping');
    expect(res.status).toBe(421);
    expect((await fetch(`${emu.url}/__emulator/nope`)).status).toBe(404);
  });

  it('works from a separate client against the same URL', async () => {
    const client = createControlClient(emu.url);
    expect((await client.accounts()).length).toBe(3);
    await expect(client.mintKey({ account: 5 })).rejects.toThrow(/no account 5/);
    const key = await client.mintKey({ account: 1, scopes: ['content'], validDays: 1 });
    expect(key.scopes).toEqual(['content']);
    expect((await client.accounts())[0]?.extraKeys.map((k) => k.id)).toContain(key.id);
  });
});
