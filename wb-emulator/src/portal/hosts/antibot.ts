import { Hono } from 'hono';
import type { HostEnv } from '../../http/types.ts';
import type { Emulator } from '../../runtime/emulator.ts';
import { JSON_TYPE } from '../../http/responses.ts';
import { portalCors } from '../http/cors.ts';
import { text } from '../http/params.ts';
import { powAccepts } from '../session/pow.ts';
import { setCookieValue } from '../session/session.ts';
import { LIFETIMES, PortalState } from '../session/state.ts';

/**
 * The anti-bot hosts the login page meets before it may ask for an SMS code:
 * - pow.wb.ru `POST /api/v1/challenge` → `{id, prefix, difficulty}`; `POST /api/v1/verify` `{id, nonce}` →
 *   `{token}` (single use, sent as `x-pow-token` to seller-auth's `/auth/v2/code`);
 * - antibot.wildberries.ru `POST /api/v1/device` → a device cookie (`wbx__device`, `Domain=.wildberries.ru`).
 */

/** Leading zero bits required (≈1,000 tries in a browser). */
export const POW_DIFFICULTY = 10;

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': JSON_TYPE, 'cache-control': 'no-store' },
  });

export function antibotHost(emu: Emulator): Hono<HostEnv> {
  const app = new Hono<HostEnv>({ strict: false });
  app.use('*', portalCors());

  app.post('/api/v1/challenge', (c) => {
    if (c.env.wb.host.host !== 'pow.wb.ru') return json({ error: 'not found' }, 404);
    const state = PortalState.of(emu);
    const id = state.id(16);
    const prefix = state.id(12);
    state.pow.set(id, { prefix, difficulty: POW_DIFFICULTY, expMs: emu.clock.now() + LIFETIMES.powMs });
    return json({ id, prefix, difficulty: POW_DIFFICULTY, algorithm: 'fnv1a32' });
  });

  app.post('/api/v1/verify', async (c) => {
    if (c.env.wb.host.host !== 'pow.wb.ru') return json({ error: 'not found' }, 404);
    const state = PortalState.of(emu);
    let body: Record<string, unknown>;
    try {
      body = await c.req.json<Record<string, unknown>>();
    } catch {
      return json({ error: 'request body is not valid JSON' }, 400);
    }
    const challenge = state.pow.get(text(body.id));
    state.pow.delete(text(body.id));
    const now = emu.clock.now();
    if (!challenge || challenge.expMs <= now) return json({ error: 'challenge expired' }, 400);
    if (!powAccepts(challenge.prefix, text(body.nonce), challenge.difficulty))
      return json({ error: 'wrong answer' }, 400);
    const token = state.id(32);
    state.powTokens.set(token, now + LIFETIMES.powMs);
    return json({ token, expiresIn: LIFETIMES.powMs / 1000 });
  });

  app.post('/api/v1/device', (c) => {
    if (c.env.wb.host.host !== 'antibot.wildberries.ru') return json({ error: 'not found' }, 404);
    const deviceId = `site_${PortalState.of(emu).id(32)}`;
    const res = json({ deviceId });
    res.headers.append(
      'set-cookie',
      setCookieValue(c, {
        name: 'wbx__device',
        value: deviceId,
        maxAge: 31_536_000,
        httpOnly: false,
        domain: '.wildberries.ru',
      }),
    );
    return res;
  });

  app.notFound(() => json({ error: 'not found' }, 404));
  return app;
}
