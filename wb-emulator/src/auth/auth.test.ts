import { decodeJwt, decodeProtectedHeader, SignJWT } from 'jose';
import { generateKeyPair } from 'node:crypto';
import { promisify } from 'node:util';
import { scopeMask } from '@joycity/shared/wb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { KeyAuthority } from './key-authority.ts';
import { startEmulator, type RunningEmulator } from '../index.ts';

const NOW = '2026-11-20T12:00:00Z';
const INFO = 'https://common-api.wildberries.ru/api/v1/seller-info';
const ORDERS = 'https://statistics-api.wildberries.ru/api/v1/supplier/orders?dateFrom=2026-11-19';
const BALANCE = 'https://finance-api.wildberries.ru/api/v1/account/balance';

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator({ seed: 3, accounts: 2, days: 10, cards: 5, now: NOW, timeScale: 1e6 });
});
afterAll(() => emu.close());
beforeEach(() => emu.control.reset());

async function expect401(url: string, token: string | undefined, detail: RegExp | string) {
  const res = await emu.wb.request(url, token === undefined ? {} : { token });
  expect(res.status).toBe(401);
  expect(res.headers['content-type']).toBe('application/problem+json');
  const body = res.json<Record<string, unknown>>();
  expect(body).toMatchObject({ title: 'unauthorized', status: 401, statusText: 'Unauthorized' });
  expect(body.detail).toMatch(detail);
  expect(body.requestId).toMatch(/^[0-9a-f]{32}$/);
  expect(body.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
}

describe('API keys', () => {
  it('are ES256 JWTs with the claims WB keys carry, valid 180 days', () => {
    const key = emu.emulator.key(1);
    expect(decodeProtectedHeader(key.token)).toEqual({ alg: 'ES256', kid: '20250217v1', typ: 'JWT' });
    const claims = decodeJwt(key.token);
    const account = emu.emulator.accounts()[0];
    expect(claims).toMatchObject({
      acc: 3,
      for: 'self',
      oid: account?.oid,
      sid: account?.sid,
      t: false,
      ent: 1,
    });
    expect(claims.s).toBe(key.s);
    expect(key.scopes).toContain('statistics');
    expect(key.scopes).toContain('finance');
    expect(typeof claims.id).toBe('string');
    expect(typeof claims.iid).toBe('number');
    expect(typeof claims.uid).toBe('number');
    expect(((claims.exp as number) * 1000 - Date.parse(key.issuedAt)) / 86_400_000).toBe(180);
    expect(decodeJwt(emu.emulator.key(1, 'service').token)).toMatchObject({
      acc: 4,
      for: expect.stringMatching(/^asid:\d+$/) as unknown,
    });
    expect(decodeJwt(emu.emulator.key(1, 'basic').token)).toMatchObject({ acc: 1 });
    expect(decodeJwt(emu.emulator.key(1, 'test').token)).toMatchObject({ acc: 2, t: true });
    expect(decodeJwt(emu.emulator.key(1, 'noFinance').token).s).toBe(key.s & ~(1 << 13));
    expect((decodeJwt(emu.emulator.key(1, 'readOnly').token).s as number) >>> 30).toBe(1);
  });

  it('are accepted raw or as Bearer', async () => {
    const token = emu.emulator.key(1).token;
    expect((await emu.wb.request(INFO, { token })).status).toBe(200);
    expect((await emu.wb.request(INFO, { token: `Bearer ${token}` })).status).toBe(200);
  });

  it('stay valid across restarts with the same seed (the signing key derives from it)', async () => {
    const again = new KeyAuthority(3);
    const verified = await again.verify(emu.emulator.key(1).token, Date.parse(NOW));
    expect(verified.ok).toBe(true);
    expect((await new KeyAuthority(4).verify(emu.emulator.key(1).token, Date.parse(NOW))).ok).toBe(false);
  });

  it('refuse a missing, malformed or foreign-signed key with 401', async () => {
    await expect401(INFO, undefined, 'empty Authorization header');
    await expect401(INFO, 'not-a-jwt', /token is malformed: token contains an invalid number of segments/);
    await expect401(INFO, 'a.b.c', /token is malformed/);
    const { privateKey } = await promisify(generateKeyPair)('ec', { namedCurve: 'P-256' });
    const claims = decodeJwt(emu.emulator.key(1).token);
    const forged = await new SignJWT({ ...claims })
      .setProtectedHeader({ alg: 'ES256', kid: '20250217v1' })
      .sign(privateKey);
    await expect401(INFO, forged, /token signature is invalid/);
    const hs = await new SignJWT({ ...claims }).setProtectedHeader({ alg: 'HS256' }).sign(new Uint8Array(32));
    await expect401(INFO, hs, /token signature is invalid/);
  });

  it('refuse an expired key, and a valid one once the clock passes its exp', async () => {
    await expect401(
      INFO,
      emu.emulator.key(1, 'expired').token,
      'token problem; token has invalid claims: token is expired',
    );
    const key = emu.emulator.key(1);
    expect((await emu.wb.request(INFO, { token: key.token })).status).toBe(200);
    await emu.control.setClock({ set: Date.parse(key.expiresAt) + 1000 });
    await expect401(INFO, key.token, /token is expired/);
  });

  it('refuse withdrawn keys (unexpired) until restored, per key or per account', async () => {
    const key = emu.emulator.key(1);
    const other = emu.emulator.key(2);
    await emu.control.withdrawKeys({ keyId: key.id });
    await expect401(INFO, key.token, 'token problem; token withdrawn');
    expect((await emu.wb.request(INFO, { token: emu.emulator.key(1, 'service').token })).status).toBe(200);
    await emu.control.restoreKeys({ keyId: key.id });
    expect((await emu.wb.request(INFO, { token: key.token })).status).toBe(200);
    await emu.control.withdrawKeys({ account: 1 });
    await expect401(INFO, emu.emulator.key(1, 'service').token, /withdrawn/);
    expect((await emu.wb.request(INFO, { token: other.token })).status).toBe(200);
    await emu.control.restoreKeys();
    expect((await emu.wb.request(INFO, { token: key.token })).status).toBe(200);
  });

  it('refuse a key missing the method category with 401 "token scope not allowed"', async () => {
    await expect401(BALANCE, emu.emulator.key(1, 'noFinance').token, 'token scope not allowed');
    const statsOnly = await emu.control.mintKey({ account: 1, scopes: ['statistics'] });
    expect(statsOnly.s).toBe(scopeMask(['statistics']));
    expect((await emu.wb.request(ORDERS, { token: statsOnly.token })).status).toBe(200);
    await expect401(BALANCE, statsOnly.token, 'token scope not allowed');
    await expect401('https://content-api.wildberries.ru/ping', statsOnly.token, 'token scope not allowed');
    // seller-info takes a key of any category
    expect((await emu.wb.request(INFO, { token: statsOnly.token })).status).toBe(200);
  });

  it('keep test keys to sandbox hosts and production keys off them', async () => {
    const test = emu.emulator.key(1, 'test').token;
    await expect401(ORDERS, test, 'token scope not allowed');
    const sandbox = ORDERS.replace('statistics-api', 'statistics-api-sandbox');
    expect((await emu.wb.request(sandbox, { token: test })).status).toBe(200);
    await expect401(sandbox, emu.emulator.key(1).token, 'token scope not allowed');
  });

  it('refuse basic keys on personal/service-only methods with 403', async () => {
    const res = await emu.wb.request(
      'https://seller-analytics-api.wildberries.ru/api/analytics/v1/stocks-report/wb-warehouses',
      {
        token: emu.emulator.key(1, 'basic').token,
        body: {},
      },
    );
    expect(res.status).toBe(403);
    expect(res.json()).toMatchObject({
      title: 'forbidden',
      detail: 'base token is not allowed',
      code: 'base token is not allowed for this path',
    });
    expect((await emu.wb.request(ORDERS, { token: emu.emulator.key(1, 'basic').token })).status).toBe(200);
  });

  it('record the key in the request log, never its value', async () => {
    const key = emu.emulator.key(2);
    await emu.wb.request(INFO, { token: key.token });
    const [entry] = await emu.control.requests({ path: '/api/v1/seller-info' });
    expect(entry).toMatchObject({
      account: 2,
      keyId: key.id,
      keyType: 'personal',
      status: 200,
      host: 'common-api.wildberries.ru',
    });
    expect(JSON.stringify(await emu.control.requests())).not.toContain(key.token.split('.')[2]);
  });
});
