import type { Context } from 'hono';
import { JSON_TYPE } from '../../http/responses.ts';
import type { HostEnv } from '../../http/types.ts';
import { PortalParamError } from './envelope.ts';

/**
 * JSON-RPC 2.0 as the portal speaks it: `{"params":{…},"jsonrpc":"2.0","id":"json-rpc_3"}` or a batch array
 * of those; each answer carries its request's `id`, results under `result`, failures under
 * `error: {code, message}`. A batch answers an array in request order.
 */

export class RpcError extends Error {
  readonly code: number;
  readonly data: unknown;
  constructor(code: number, message: string, data?: unknown) {
    super(message);
    this.code = code;
    this.data = data;
  }
}

export type RpcMethod = (params: Record<string, unknown>, c: Context<HostEnv>) => unknown;

interface RpcCall {
  jsonrpc?: unknown;
  id?: unknown;
  method?: unknown;
  params?: unknown;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

async function answer(
  call: unknown,
  methods: Readonly<Record<string, RpcMethod>>,
  fallback: string | undefined,
  c: Context<HostEnv>,
): Promise<Record<string, unknown>> {
  if (!isRecord(call))
    return { jsonrpc: '2.0', id: null, error: { code: -32600, message: 'Invalid Request' } };
  const { id = null, params = {} } = call as RpcCall;
  const name = typeof call.method === 'string' ? call.method : fallback;
  if (call.jsonrpc !== '2.0' || !name)
    return { jsonrpc: '2.0', id, error: { code: -32600, message: 'Invalid Request' } };
  const method = methods[name];
  if (!method) return { jsonrpc: '2.0', id, error: { code: -32601, message: `Method not found: ${name}` } };
  if (!isRecord(params))
    return { jsonrpc: '2.0', id, error: { code: -32602, message: 'params must be an object' } };
  try {
    return { jsonrpc: '2.0', id, result: await method(params, c) };
  } catch (err) {
    if (err instanceof RpcError)
      return {
        jsonrpc: '2.0',
        id,
        error: {
          code: err.code,
          message: err.message,
          ...(err.data === undefined ? {} : { data: err.data }),
        },
      };
    if (err instanceof PortalParamError)
      return { jsonrpc: '2.0', id, error: { code: -32602, message: err.message } };
    throw err;
  }
}

/**
 * Handles one JSON-RPC endpoint. `fallback` names the method when the body omits `method` (WB's per-method
 * URLs take `{"params":…,"jsonrpc":"2.0","id":…}` without one).
 */
export async function handleJsonRpc(
  c: Context<HostEnv>,
  methods: Readonly<Record<string, RpcMethod>>,
  fallback?: string,
): Promise<Response> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    return new Response(
      JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } }),
      { status: 200, headers: { 'content-type': JSON_TYPE } },
    );
  }
  const out = Array.isArray(body)
    ? await Promise.all(body.map((call) => answer(call, methods, fallback, c)))
    : await answer(body, methods, fallback, c);
  if (Array.isArray(body) && body.length === 0)
    return new Response(
      JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32600, message: 'Invalid Request' } }),
      { status: 200, headers: { 'content-type': JSON_TYPE } },
    );
  return new Response(JSON.stringify(out), { status: 200, headers: { 'content-type': JSON_TYPE } });
}
