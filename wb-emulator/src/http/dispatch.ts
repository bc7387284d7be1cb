import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { lookupWbHost, normalizeHost } from '@joycity/shared/wb';
import type { Context } from 'hono';
import { tooManyRequests } from '../apis/seller-api.ts';
import type { HostTable, UpgradeTable } from '../hosts/host-modules.ts';
import type { Emulator } from '../runtime/emulator.ts';
import type { FaultRule } from '../runtime/faults.ts';
import type { RequestLogEntry } from '../runtime/request-log.ts';
import { hashInts } from '../util/random.ts';
import { acceptsGzip, encodeResponse } from './encoding.ts';
import { refuseUpgrade } from './upgrade.ts';
import { JSON_TYPE, problem } from './responses.ts';
import type { AppEnv, HostEnv, WbRequestContext } from './types.ts';

const TERMINAL = new Set<FaultRule['kind']>(['status', 'reset', 'rate-limit', 'unauthorized']);

/** A deterministic 32-hex request id from the seed and the request's sequence number. */
function requestIdFor(seed: number, seq: number): string {
  let out = '';
  for (let k = 0; k < 4; k++) out += hashInts(seed, 0x5eed, seq, k).toString(16).padStart(8, '0');
  return out;
}

/**
 * The top-level handler for every non-control request: resolves the Host header in the catalogue, logs
 * the request, applies matching faults, runs the host's app and encodes its answer (gzip when accepted).
 */
export function createDispatcher(emu: Emulator, getTable: () => HostTable) {
  return async function dispatch(c: Context<AppEnv>): Promise<Response> {
    const started = performance.now();
    const url = new URL(c.req.url);
    const host = normalizeHost(c.req.header('host') ?? url.host);
    const seq = emu.log.nextSeq();
    const log: RequestLogEntry = {
      seq,
      at: new Date().toISOString(),
      emulatorNow: new Date(emu.clock.now()).toISOString(),
      host,
      method: c.req.method,
      path: url.pathname,
      query: url.search,
      status: 0,
      durationMs: 0,
    };
    emu.log.add(log);
    try {
      const res = await handle(c, host, url, seq, log);
      log.status = res.status;
      return res;
    } finally {
      log.durationMs = Math.round((performance.now() - started) * 10) / 10;
    }
  };

  async function handle(
    c: Context<AppEnv>,
    host: string,
    url: URL,
    seq: number,
    log: RequestLogEntry,
  ): Promise<Response> {
    const entry = lookupWbHost(host);
    if (!entry) {
      return new Response(
        JSON.stringify({
          title: 'misdirected request',
          detail: `'${host}' is not a Wildberries host the emulator serves`,
        }),
        { status: 421, headers: { 'content-type': JSON_TYPE } },
      );
    }
    const wb: WbRequestContext = { host: entry, seq, requestId: requestIdFor(emu.world.seed, seq), log };
    const hostCtx = { env: { ...c.env, wb }, req: c.req } as unknown as Context<HostEnv>;
    const now = emu.clock.now();

    const faults = emu.faults.match({ host, path: url.pathname, method: c.req.method });
    if (faults.length) log.faults = faults.map((f) => f.id);
    const latency = faults.reduce((ms, f) => ms + (f.kind === 'latency' ? (f.latencyMs ?? 1000) : 0), 0);
    if (latency > 0) await sleep(latency);
    const terminal = faults.find(
      (f) => TERMINAL.has(f.kind) && !(f.kind === 'reset' && f.afterBytes !== undefined),
    );
    if (terminal) {
      switch (terminal.kind) {
        case 'reset':
          c.env.incoming?.socket.destroy();
          return new Response(null, { status: 499 });
        case 'rate-limit':
          return tooManyRequests(hostCtx, now, terminal.retrySeconds ?? 60, 1, terminal.retrySeconds ?? 60);
        case 'unauthorized':
          return problem(
            hostCtx,
            401,
            { title: 'unauthorized', detail: 'token problem; token withdrawn' },
            now,
          );
        default: {
          const status = terminal.status ?? 503;
          return problem(
            hostCtx,
            status,
            { title: status >= 500 ? 'internal error' : 'error', detail: `emulated fault ${terminal.id}` },
            now,
          );
        }
      }
    }

    const app = getTable().get(entry.role);
    const res = app
      ? await app.fetch(c.req.raw, { ...c.env, wb })
      : new Response(
          JSON.stringify({ title: 'not emulated', detail: `no module serves role '${entry.role}' yet` }),
          {
            status: 404,
            headers: { 'content-type': JSON_TYPE, 'x-emulator-missing-role': entry.role },
          },
        );
    const truncate = faults.find((f) => f.kind === 'truncate');
    const reset = faults.find((f) => f.kind === 'reset' && f.afterBytes !== undefined);
    return encodeResponse(res, {
      gzip: acceptsGzip(c.req.header('accept-encoding')),
      ...(truncate ? { truncate: truncate.fraction ?? 0.5 } : {}),
      ...(faults.some((f) => f.kind === 'corrupt') ? { corrupt: true } : {}),
      ...(reset?.afterBytes !== undefined
        ? { resetAfterBytes: reset.afterBytes, destroyConnection: () => c.env.incoming?.socket.destroy() }
        : {}),
    });
  }
}

/**
 * WebSocket handshakes (`server.on('upgrade')`): resolves the Host like `createDispatcher`, logs the request,
 * applies terminal faults (`reset`, `status`), then hands the socket to the module serving the host's role.
 */
export function createUpgradeDispatcher(emu: Emulator, getTable: () => UpgradeTable) {
  return function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => undefined);
    const url = new URL(req.url ?? '/', 'http://emulator');
    const host = normalizeHost(req.headers.host ?? '');
    const seq = emu.log.nextSeq();
    const log: RequestLogEntry = {
      seq,
      at: new Date().toISOString(),
      emulatorNow: new Date(emu.clock.now()).toISOString(),
      host,
      method: 'GET',
      path: url.pathname,
      query: url.search,
      status: 0,
      durationMs: 0,
    };
    emu.log.add(log);
    const entry = lookupWbHost(host);
    if (!entry) {
      log.status = 421;
      return refuseUpgrade(socket, 421, 'Misdirected Request');
    }
    const faults = emu.faults.match({ host, path: url.pathname, method: 'GET' });
    if (faults.length) log.faults = faults.map((f) => f.id);
    const terminal = faults.find((f) => f.kind === 'reset' || f.kind === 'status');
    if (terminal?.kind === 'reset') {
      log.status = 499;
      socket.destroy();
      return;
    }
    if (terminal) {
      log.status = terminal.status ?? 503;
      return refuseUpgrade(socket, log.status, 'Service Unavailable');
    }
    const handler = getTable().get(entry.role);
    if (!handler) {
      log.status = 404;
      return refuseUpgrade(socket, 404, 'Not Found');
    }
    handler(req, socket, head, { host: entry, seq, requestId: requestIdFor(emu.world.seed, seq), log });
  };
}
