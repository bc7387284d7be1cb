import { WB_TOKEN_TYPES, type WbTokenType } from '@joycity/shared/wb';
import { Hono, type Context } from 'hono';
import type { ApiKeyClaims } from '../auth/key-authority.ts';
import type { AccountData } from '../data/world.ts';
import { problem } from '../http/responses.ts';
import type { HostEnv } from '../http/types.ts';
import type { Emulator } from '../runtime/emulator.ts';
import type { LegacyName } from '../runtime/legacy.ts';
import { LIMITS, type LimitName, type MethodLimit } from './limits.ts';
import { moscowWithOffset } from '../util/moscow.ts';

/**
 * The frame every seller API host shares: `/ping`, WB's 404 for unknown paths, and for each method the
 * gateway's checks in WB's order — legacy switch, key (401), key type (403), rate limit (429) — before the
 * handler runs. Methods are data (`MethodSpec`), so adding one is a spec plus a handler.
 */

export interface MethodSpec {
  /** Stable id, used in logs and tests (`statistics.orders`). */
  readonly id: string;
  readonly method: 'GET' | 'POST';
  /** Hono path pattern. */
  readonly path: string;
  /** The key's `s` bit the method needs; null: any key (seller-info). Defaults to the host's bit. */
  readonly scopeBit?: number | null;
  /** Key types allowed (the spec's `x-token-types`); default all. */
  readonly tokenTypes?: readonly WbTokenType[];
  readonly limit: LimitName;
  /** Shared bucket name when the limit is per category (feedbacks, prices); default the method id. */
  readonly bucket?: string;
  /** A legacy method answers only while switched on. */
  readonly legacy?: LegacyName;
  /** The `origin` of method-level errors (403). */
  readonly origin?: string;
  /** Where the published figures are: `file#path` in the specs (checked by a test). */
  readonly spec?: {
    readonly file: string;
    readonly path: string;
    readonly method: 'get' | 'post';
    readonly version?: '2025-12' | '2026-07';
  };
}

/** What a handler gets besides the Hono context. */
export interface CallContext {
  readonly emu: Emulator;
  readonly data: AccountData;
  readonly claims: ApiKeyClaims;
  readonly keyType: WbTokenType;
  /** The data clock at the time of the call. */
  readonly nowMs: number;
  /** Records the row count of the answer in the request log. */
  readonly setRows: (rows: number) => void;
}

export type MethodHandler = (c: Context<HostEnv>, call: CallContext) => Response | Promise<Response>;

export interface MethodDefinition {
  readonly spec: MethodSpec;
  readonly handler: MethodHandler;
}

export const method = (spec: MethodSpec, handler: MethodHandler): MethodDefinition => ({ spec, handler });

type Gate =
  { ok: true; call: CallContext; rateHeaders: Record<string, string> } | { ok: false; response: Response };

/** Runs the gateway checks for one call. */
async function gate(c: Context<HostEnv>, emu: Emulator, spec: MethodSpec): Promise<Gate> {
  const now = emu.clock.now();
  const { host, log } = c.env.wb;
  const fail = (response: Response): Gate => ({ ok: false, response });
  const unauthorized = (detail: string) => fail(problem(c, 401, { title: 'unauthorized', detail }, now));

  if (spec.legacy && !emu.legacy.isOn(spec.legacy, now)) return fail(legacyOff(c, spec.legacy, now));

  const verified = await emu.authority.verify(c.req.header('authorization'), now);
  if (!verified.ok) return unauthorized(verified.problem.detail);
  const claims = verified.claims;
  const data = emu.world.byOid(claims.oid);
  if (!data || data.account.sid !== claims.sid) return unauthorized('token problem; unknown seller');
  log.account = data.account.id;
  log.keyId = claims.id;
  log.keyType = WB_TOKEN_TYPES[claims.acc];
  if (emu.isWithdrawn(claims.id, claims.oid)) return unauthorized('token problem; token withdrawn');
  // Test keys work on sandbox hosts only, and sandbox hosts take test keys only.
  if (claims.t !== Boolean(host.sandbox)) return unauthorized('token scope not allowed');
  const bit = spec.scopeBit === undefined ? host.scopeBit : spec.scopeBit;
  if (bit !== undefined && bit !== null && !((claims.s >>> bit) & 1))
    return unauthorized('token scope not allowed');

  const keyType = WB_TOKEN_TYPES[claims.acc];
  if (spec.tokenTypes && !spec.tokenTypes.includes(keyType)) {
    const detail = `${keyType === 'basic' ? 'base' : keyType} token is not allowed`;
    return fail(
      problem(
        c,
        403,
        {
          title: 'forbidden',
          detail,
          code: `${detail} for this path`,
          origin: spec.origin ?? 's2s-api-auth-catalog',
        },
        now,
      ),
    );
  }

  const limits: MethodLimit = LIMITS[spec.limit];
  const tier = keyType === 'basic' && limits.basic ? 'basic' : 'standard';
  const rule = tier === 'basic' && limits.basic ? limits.basic : limits.standard;
  const bucket = `${claims.oid}:${tier}:${host.sandbox ? 'sandbox' : 'prod'}:${spec.bucket ?? (spec.limit === 'ping' ? `ping@${host.host}` : spec.id)}`;
  const decision = emu.limiter.take(bucket, rule, emu.clock.limiterNow());
  log.rateLimit = {
    bucket: spec.bucket ?? spec.id,
    remaining: decision.remaining,
    allowed: decision.allowed,
  };
  if (!decision.allowed) {
    return fail(
      tooManyRequests(c, now, decision.retrySeconds, decision.limit, decision.resetSeconds, claims.sid),
    );
  }
  return {
    ok: true,
    rateHeaders: { 'X-Ratelimit-Remaining': String(decision.remaining) },
    call: {
      emu,
      data,
      claims,
      keyType,
      nowMs: now,
      setRows: (rows) => {
        log.rows = rows;
      },
    },
  };
}

/** WB's 429: problem body plus the X-Ratelimit-* headers (seconds in the limiter's virtual time). */
export function tooManyRequests(
  c: Context<HostEnv>,
  nowMs: number,
  retrySeconds: number,
  limit: number,
  resetSeconds: number,
  limitedBy = '00000000-0000-0000-0000-000000000000',
): Response {
  return problem(
    c,
    429,
    {
      title: 'too many requests',
      detail: `limited by ${limitedBy}`,
      headers: {
        'X-Ratelimit-Retry': String(retrySeconds),
        'X-Ratelimit-Limit': String(limit),
        'X-Ratelimit-Remaining': '0',
        'X-Ratelimit-Reset': String(resetSeconds),
      },
    },
    nowMs,
  );
}

/** How a switched-off legacy method answers (REFERENCE.md): 404, with stocks' "disabled, PLUG-404" detail. */
function legacyOff(c: Context<HostEnv>, name: LegacyName, nowMs: number): Response {
  if (name === 'stocks') {
    return problem(
      c,
      404,
      { title: 'disabled', detail: `disabled, PLUG-404-${c.env.wb.requestId.slice(0, 12)}` },
      nowMs,
    );
  }
  return pathNotFound(c, nowMs);
}

export function pathNotFound(c: Context<HostEnv>, nowMs: number): Response {
  return problem(
    c,
    404,
    { title: 'path not found', detail: `path ${new URL(c.req.url).pathname} not found` },
    nowMs,
  );
}

/**
 * A seller API host's app: `/ping` plus the given methods, WB's 404 for everything else.
 *
 * @example
 * export const statisticsApi = (emu: Emulator) => sellerApiApp(emu, [method(spec, handler), …]);
 */
export function sellerApiApp(emu: Emulator, methods: readonly MethodDefinition[]): Hono<HostEnv> {
  const app = new Hono<HostEnv>();
  const all: MethodDefinition[] = [
    method({ id: 'ping', method: 'GET', path: '/ping', limit: 'ping' }, (c, call) =>
      c.json({ TS: moscowWithOffset(call.nowMs), Status: 'OK' }),
    ),
    ...methods,
  ];
  for (const { spec, handler } of all) {
    app.on(spec.method, spec.path, async function wbMethod(c) {
      const g = await gate(c, emu, spec);
      if (!g.ok) return g.response;
      const res = await handler(c, g.call);
      for (const [k, v] of Object.entries(g.rateHeaders)) res.headers.set(k, v);
      return res;
    });
  }
  app.notFound((c) => pathNotFound(c, emu.clock.now()));
  // A bug in a handler answers like WB's gateway does when a service fails, with the cause in `detail`.
  app.onError((err, c) =>
    problem(
      c,
      500,
      { title: 'internal server error', detail: `wb-emulator: ${err.message}` },
      emu.clock.now(),
    ),
  );
  return app;
}
