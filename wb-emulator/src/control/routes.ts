import { scopeMask } from '@joycity/shared/wb';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { worldOptionsSchema } from '../data/options.ts';
import { describeHosts, type HostTable } from '../hosts/host-modules.ts';
import { portalControlRoutes } from '../portal/control.ts';
import { LIMITS } from '../apis/limits.ts';
import type { AppEnv } from '../http/types.ts';
import type { Emulator } from '../runtime/emulator.ts';
import { faultRuleSchema } from '../runtime/faults.ts';
import { LEGACY_ENDPOINTS, legacyModeSchema, type LegacyName } from '../runtime/legacy.ts';

/**
 * The control API, served under `/__emulator/` on every host. JSON in, JSON out; bad input gets 400 with a
 * message naming the field. See README.md for the full list.
 */

const instant = z.union([z.number(), z.string().min(1)]);

const seedSchema = worldOptionsSchema
  .partial()
  .extend({
    now: instant.optional(),
    frozen: z.boolean().optional(),
    timeScale: z.number().positive().optional(),
    legacy: z
      .partialRecord(z.enum(['incomes', 'stocks', 'reportDetailByPeriod']), legacyModeSchema)
      .optional(),
  })
  .strict();

const target = z
  .object({ account: z.number().int().positive().optional(), keyId: z.string().min(1).optional() })
  .strict()
  .refine((t) => t.account !== undefined || t.keyId !== undefined, 'give account or keyId');

const mintSchema = z
  .object({
    account: z.number().int().positive(),
    acc: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]).default(3),
    /** Either the raw bitmask or category codes (`statistics`, `finance`…). */
    s: z.number().int().min(0).optional(),
    scopes: z.array(z.string()).optional(),
    t: z.boolean().optional(),
    validDays: z.number().positive().optional(),
    issuedAt: instant.optional(),
  })
  .strict();

/** `30s`, `15m`, `3h`, `2d` or milliseconds. */
const duration = z.union([
  z.number(),
  z
    .string()
    .regex(/^-?\d+(\.\d+)?(ms|s|m|h|d)$/, 'a duration like 90s, 15m, 3h or 2d')
    .transform((s) => {
      const m = /^(-?\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(s) as RegExpExecArray;
      const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[
        m[2] as 'ms' | 's' | 'm' | 'h' | 'd'
      ];
      return Number(m[1]) * unit;
    }),
]);

const clockSchema = z
  .object({ set: instant.optional(), advance: duration.optional(), frozen: z.boolean().optional() })
  .strict();

const toMs = (v: string | number) => (typeof v === 'number' ? v : Date.parse(v));

async function body<T extends z.ZodType>(c: Context<AppEnv>, schema: T): Promise<z.output<T>> {
  let raw: unknown = {};
  const text = await c.req.text();
  if (text.trim()) {
    try {
      raw = JSON.parse(text);
    } catch {
      throw new BadInput('body is not valid JSON');
    }
  }
  return check(schema, raw);
}

/** Validates with a message naming each bad field. */
function check<T extends z.ZodType>(schema: T, raw: unknown): z.output<T> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new BadInput(
      parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '),
    );
  }
  return parsed.data;
}

class BadInput extends Error {}

export function controlRoutes(emu: Emulator, getTable: () => HostTable, onReseed: () => void): Hono<AppEnv> {
  const app = new Hono<AppEnv>({ strict: false });
  app.onError((err, c) => {
    if (err instanceof BadInput || err instanceof RangeError) return c.json({ error: err.message }, 400);
    return c.json({ error: err.message }, 500);
  });

  app.get('/', (c) =>
    c.json({
      emulator: emu.describe(),
      endpoints: [
        'GET /__emulator/accounts',
        'GET /__emulator/truth?account=ID',
        'POST /__emulator/seed',
        'POST /__emulator/reset',
        'GET|POST|DELETE /__emulator/faults, DELETE /__emulator/faults/:id',
        'POST /__emulator/keys (mint), POST /__emulator/keys/withdraw, POST /__emulator/keys/restore, GET /__emulator/keys/withdrawn',
        'GET|POST /__emulator/legacy',
        'GET|DELETE /__emulator/requests',
        'GET|POST /__emulator/clock',
        'GET|POST /__emulator/time-scale',
        'GET /__emulator/rate-limits, POST /__emulator/rate-limits/reset',
        'GET /__emulator/hosts',
        'GET /__emulator/jwks',
        'GET /__emulator/portal (users, sessions, SMS codes, beacons), POST /__emulator/portal/sessions/revoke {account}',
      ],
    }),
  );
  app.get('/health', (c) => c.json({ status: 'ok', ...emu.describe() }));

  app.get('/accounts', (c) =>
    c.json({ accounts: emu.accounts(), now: new Date(emu.clock.now()).toISOString() }),
  );

  app.get('/truth', (c) => {
    const id = Number(c.req.query('account'));
    if (!Number.isInteger(id) || id < 1)
      return c.json({ error: 'account: give the account id, e.g. ?account=1' }, 400);
    if (!emu.accountData(id)) return c.json({ error: `no account ${id}` }, 404);
    return c.json(emu.truth(id));
  });

  app.post('/seed', async (c) => {
    const options = await body(c, seedSchema);
    await emu.seed(options);
    onReseed();
    return c.json({ emulator: emu.describe(), accounts: emu.accounts() });
  });

  app.post('/reset', (c) => {
    emu.reset();
    return c.json({ emulator: emu.describe() });
  });

  app.get('/faults', (c) => c.json({ faults: emu.faults.list() }));
  app.post('/faults', async (c) => {
    const raw = await body(c, z.unknown());
    const input = Array.isArray(raw) ? check(z.array(faultRuleSchema), raw) : [check(faultRuleSchema, raw)];
    const added = input.map((r) => emu.faults.add(r));
    return c.json({ faults: added }, 201);
  });
  app.delete('/faults', (c) => {
    emu.faults.clear();
    return c.json({ faults: [] });
  });
  app.delete('/faults/:id', (c) => {
    const removed = emu.faults.remove(c.req.param('id'));
    return removed
      ? c.json({ removed: c.req.param('id') })
      : c.json({ error: `no fault '${c.req.param('id')}'` }, 404);
  });

  app.post('/keys', async (c) => {
    const spec = await body(c, mintSchema);
    const key = await emu.mintKey(spec.account, {
      acc: spec.acc,
      ...(spec.s !== undefined ? { s: spec.s } : spec.scopes ? { s: scopeMask(spec.scopes) } : {}),
      ...(spec.t !== undefined ? { t: spec.t } : {}),
      ...(spec.validDays !== undefined ? { validDays: spec.validDays } : {}),
      ...(spec.issuedAt !== undefined ? { issuedAtMs: toMs(spec.issuedAt) } : {}),
    });
    return c.json({ key }, 201);
  });
  app.post('/keys/withdraw', async (c) => {
    const t = await body(c, target);
    emu.withdraw({
      ...(t.keyId ? { keyId: t.keyId } : {}),
      ...(t.account !== undefined ? { accountId: t.account } : {}),
    });
    return c.json({ withdrawn: emu.withdrawals() });
  });
  app.post('/keys/restore', async (c) => {
    const t = await body(
      c,
      z.object({ account: z.number().int().positive().optional(), keyId: z.string().optional() }).strict(),
    );
    emu.restore({
      ...(t.keyId ? { keyId: t.keyId } : {}),
      ...(t.account !== undefined ? { accountId: t.account } : {}),
    });
    return c.json({ withdrawn: emu.withdrawals() });
  });
  app.get('/keys/withdrawn', (c) => c.json({ withdrawn: emu.withdrawals() }));

  app.get('/legacy', (c) => c.json({ legacy: emu.legacy.describe(emu.clock.now()) }));
  app.post('/legacy', async (c) => {
    const modes = await body(
      c,
      z.partialRecord(z.enum(['incomes', 'stocks', 'reportDetailByPeriod']), legacyModeSchema),
    );
    for (const [name, mode] of Object.entries(modes)) {
      if (!(name in LEGACY_ENDPOINTS)) throw new BadInput(`unknown legacy endpoint '${name}'`);
      emu.legacy.set(name as LegacyName, mode);
    }
    return c.json({ legacy: emu.legacy.describe(emu.clock.now()) });
  });

  app.get('/requests', (c) => {
    const q = (n: string) => c.req.query(n);
    const num = (v: string | undefined) => (v === undefined || v === '' ? undefined : Number(v));
    return c.json({
      requests: emu.log.list({
        ...(q('host') ? { host: q('host') } : {}),
        ...(q('path') ? { path: q('path') } : {}),
        ...(num(q('since')) !== undefined ? { since: num(q('since')) } : {}),
        ...(num(q('limit')) !== undefined ? { limit: num(q('limit')) } : {}),
      }),
    });
  });
  app.delete('/requests', (c) => {
    emu.log.clear();
    return c.json({ requests: [] });
  });

  const clockView = () => ({
    now: new Date(emu.clock.now()).toISOString(),
    frozen: emu.clock.frozen,
    timeScale: emu.clock.timeScale,
    start: new Date(emu.world.startMs).toISOString(),
  });
  app.get('/clock', (c) => c.json(clockView()));
  app.post('/clock', async (c) => {
    const req = await body(c, clockSchema);
    if (req.set !== undefined) {
      const ms = toMs(req.set);
      if (!Number.isFinite(ms)) throw new BadInput('set: not a date');
      emu.clock.set(ms);
    }
    if (req.advance !== undefined) emu.clock.advance(req.advance);
    if (req.frozen === true) emu.clock.freeze();
    if (req.frozen === false) emu.clock.run();
    return c.json(clockView());
  });

  app.get('/time-scale', (c) => c.json({ timeScale: emu.clock.timeScale }));
  app.post('/time-scale', async (c) => {
    const { timeScale } = await body(
      c,
      z.object({ timeScale: z.number().positive().max(1_000_000) }).strict(),
    );
    emu.clock.timeScale = timeScale;
    return c.json({ timeScale: emu.clock.timeScale });
  });

  app.get('/rate-limits', (c) => c.json({ timeScale: emu.clock.timeScale, limits: LIMITS }));
  app.post('/rate-limits/reset', (c) => {
    emu.limiter.reset();
    return c.json({ reset: true });
  });

  app.get('/hosts', (c) => c.json(describeHosts(getTable())));
  app.route('/portal', portalControlRoutes(emu));
  app.get('/jwks', (c) => c.json({ keys: [emu.authority.publicJwk()] }));
  app.notFound((c) =>
    c.json({ error: `no control endpoint ${c.req.method} ${new URL(c.req.url).pathname}` }, 404),
  );
  return app;
}
