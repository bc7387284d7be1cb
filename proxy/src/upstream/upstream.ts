import type { WbHostEntry } from '@joycity/shared/wb';
import { Agent } from 'undici';
import { lookupProxiedHost } from '../hosts/host-map.ts';

/**
 * Where upstream traffic goes. The origin always comes from the host table (`lookupProxiedHost`), never from
 * a URL or header of the request; `WB_UPSTREAM_OVERRIDE` (tests, the demo) sends everything to one origin
 * with the real WB `Host` header, which is how the emulator dispatches.
 */
export interface UpstreamTarget {
  /** Where the connection goes: `https://<wb host>` or the override origin. */
  readonly origin: string;
  /** The `Host` header: always the WB host. */
  readonly host: string;
  readonly entry: WbHostEntry;
}

export interface UpstreamOptions {
  /** `http://host:port` or undefined for WB itself. */
  override?: string | undefined;
  connectTimeoutMs: number;
  headersTimeoutMs: number;
  bodyTimeoutMs: number;
  /** Connections per upstream origin (default 128). */
  connections?: number;
}

export interface Upstream {
  readonly agent: Agent;
  readonly overridden: boolean;
  /** The target for a WB host entry; throws for anything off the table (callers check first). */
  target(entry: WbHostEntry): UpstreamTarget;
  readonly headersTimeoutMs: number;
  readonly bodyTimeoutMs: number;
  close(): Promise<void>;
}

export class UpstreamConfigError extends Error {
  readonly code = 'UPSTREAM_CONFIG';
}

/**
 * @example
 * const upstream = createUpstream({ override: config.WB_UPSTREAM_OVERRIDE, connectTimeoutMs: 5000, headersTimeoutMs: 30000, bodyTimeoutMs: 60000 });
 * const { origin, host } = upstream.target(lookupProxiedHost('cmp.wildberries.ru')!);
 */
export function createUpstream(options: UpstreamOptions): Upstream {
  let override: string | undefined;
  if (options.override) {
    const url = new URL(options.override);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new UpstreamConfigError(`WB_UPSTREAM_OVERRIDE must be http(s), not ${url.protocol}`);
    }
    override = url.origin;
  }
  const agent = new Agent({
    connections: options.connections ?? 128,
    pipelining: 1,
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 120_000,
    connectTimeout: options.connectTimeoutMs,
    headersTimeout: options.headersTimeoutMs,
    bodyTimeout: options.bodyTimeoutMs,
    allowH2: false,
  });
  return {
    agent,
    overridden: override !== undefined,
    headersTimeoutMs: options.headersTimeoutMs,
    bodyTimeoutMs: options.bodyTimeoutMs,
    target(entry) {
      // Re-checked here so that no caller can reach a host off the table, whatever it passes.
      const checked = lookupProxiedHost(entry.host);
      if (!checked) throw new UpstreamConfigError(`${entry.host} is not an upstream host`);
      return { origin: override ?? `https://${checked.host}`, host: checked.host, entry: checked };
    },
    close: () => agent.close(),
  };
}
