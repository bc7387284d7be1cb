import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/types.ts';
import type { Emulator } from '../runtime/emulator.ts';
import { PortalState } from './session/state.ts';

/**
 * `/__emulator/portal`: what the portal remembers (open sessions, the SMS codes "sent", beacons, requested
 * reports) and the lever a proxy test needs — closing every portal session of an account, as WB does when it
 * logs a cabinet out (the proxy must then mark the account as needing a new login).
 */
export function portalControlRoutes(emu: Emulator): Hono<AppEnv> {
  const app = new Hono<AppEnv>({ strict: false });

  app.get('/', (c) => {
    const state = PortalState.of(emu);
    const now = emu.clock.now();
    return c.json({
      users: state.users.map((u) => ({
        userId: u.userId,
        name: u.name,
        phone: u.phone,
        smsCode: u.smsCode,
        account: u.ownAccount + 1,
        accounts: u.accounts.map((i) => i + 1),
      })),
      sessions: [...state.sessions.values()].map((s) => ({
        sessionId: s.sessionId,
        userId: s.userId,
        createdAt: new Date(s.createdMs).toISOString(),
        revokedAt: s.revokedMs === undefined ? null : new Date(s.revokedMs).toISOString(),
      })),
      sms: state.smsLog,
      beacons: state.beacons,
      requestedReports: state.requestedReports,
      now: new Date(now).toISOString(),
    });
  });

  app.post('/sessions/revoke', async (c) => {
    const parsed = z
      .object({ account: z.number().int().positive().optional() })
      .strict()
      .safeParse(await c.req.json().catch(() => ({})));
    if (!parsed.success) return c.json({ error: 'account: give the account id, e.g. {"account": 1}' }, 400);
    const state = PortalState.of(emu);
    const users = new Set(
      state.users
        .filter((u) => parsed.data.account === undefined || u.ownAccount + 1 === parsed.data.account)
        .map((u) => u.userId),
    );
    let revoked = 0;
    for (const s of state.sessions.values()) {
      if (!users.has(s.userId) || s.revokedMs !== undefined) continue;
      s.revokedMs = emu.clock.now();
      revoked++;
    }
    for (const [value, r] of state.refresh) if (users.has(r.userId)) state.refresh.delete(value);
    return c.json({ revoked });
  });

  return app;
}
