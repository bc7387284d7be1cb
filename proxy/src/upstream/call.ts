import { lookupProxiedHost } from '../hosts/host-map.ts';
import type { Upstream } from './upstream.ts';

export interface UpstreamCallResult {
  status: number;
  setCookies: string[];
  text: string;
}

/**
 * One small buffered upstream call the proxy itself makes (session checks and refreshes), through the same
 * table, agent and timeouts as forwarded traffic.
 */
export async function callUpstream(
  upstream: Upstream,
  input: { wbHost: string; method: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<UpstreamCallResult> {
  const entry = lookupProxiedHost(input.wbHost);
  if (!entry) throw new Error(`${input.wbHost} is not an upstream host`);
  const target = upstream.target(entry);
  const response = await upstream.agent.request({
    origin: target.origin,
    path: input.path,
    method: input.method,
    headers: {
      host: target.host,
      accept: 'application/json',
      'user-agent': 'JoyCity-Proxy',
      ...(upstream.overridden ? { 'x-forwarded-proto': 'https' } : {}),
      ...(input.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...input.headers,
    },
    ...(input.body !== undefined ? { body: input.body } : {}),
  });
  const raw = response.headers['set-cookie'];
  const setCookies = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  return { status: response.statusCode, setCookies, text: await response.body.text() };
}
