import { checkApiKey, createWbHttp } from '@joycity/shared/wb';
import { startEmulator, type RunningEmulator } from '@joycity/wb-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator({ seed: 9, accounts: 2, days: 2, cards: 2, now: '2026-11-20T12:00:00Z' });
});
afterAll(() => emu.close());

describe('checkApiKey (shared/src/wb/check-api-key.ts) against the emulator', () => {
  it('decodes, refuses by the claims without calling WB, then pings once', async () => {
    const http = createWbHttp({ upstreamOverride: emu.url });
    const now = new Date(emu.emulator.clock.now());
    expect(await checkApiKey(emu.emulator.key(1).token, { http, now })).toMatchObject({
      ok: true,
      live: { status: 200 },
      claims: { type: 'personal' },
    });
    expect(await checkApiKey(emu.emulator.key(1, 'expired').token, { http, now })).toMatchObject({
      ok: false,
      code: 'API_KEY_EXPIRED',
    });
    expect(await checkApiKey(emu.emulator.key(1, 'test').token, { http, now })).toMatchObject({
      ok: false,
      code: 'API_KEY_TEST',
    });
    expect(await checkApiKey(emu.emulator.key(1, 'noFinance').token, { http, now })).toMatchObject({
      ok: false,
      code: 'API_KEY_MISSING_CATEGORY',
      details: { problems: [{ code: 'API_KEY_MISSING_CATEGORY', missing: ['finance'] }] },
    });
    expect(await checkApiKey('not-a-key', { http, now })).toMatchObject({
      ok: false,
      code: 'API_KEY_MALFORMED',
    });
    expect(await emu.control.requests({ path: '/ping' })).toHaveLength(1);

    await emu.control.withdrawKeys({ account: 2 });
    expect(await checkApiKey(emu.emulator.key(2).token, { http, now })).toMatchObject({
      ok: false,
      code: 'WB_KEY_401',
    });
  });

  it('never contacts a host outside the WB catalogue', async () => {
    const http = createWbHttp({ upstreamOverride: emu.url });
    await expect(
      http({ method: 'GET', url: 'https://evil.example.com/ping', apiKey: 'k' }),
    ).rejects.toMatchObject({
      code: 'WB_HOST_NOT_ALLOWED',
    });
    await expect(
      http({ method: 'GET', url: 'https://seller.wildberries.ru/ns/x', apiKey: 'k' }),
    ).rejects.toMatchObject({ code: 'WB_HOST_NOT_ALLOWED' });
  });
});
