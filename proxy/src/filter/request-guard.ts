import { isRecord } from './json-codec.ts';
import { NM_PARAM_KEYS, SEARCH_PARAM_KEYS, toNmId } from './nm-keys.ts';
import { FILTERED_HOSTS, findRoute, type PagingSpec, type RouteRule } from './route-table.ts';
import type { PageRequest, RequestContext } from './types.ts';
import type { VisibleSet } from '../visibility/visible-set.ts';

export type GuardDecision =
  | {
      action: 'forward';
      /** When set, the pipeline sends these instead of the client's (a widened page, see README). */
      rewrite?: { search?: URLSearchParams; body?: Uint8Array };
    }
  | { action: 'deny'; status: 403 | 404; code: string; reason: string }
  | { action: 'answer'; status: number; headers: Record<string, string>; body: Uint8Array };

const textDecoder = new TextDecoder();
const textEncoder = new TextEncoder();

/** The parsed JSON body of a request, or undefined (not JSON / none). */
export function requestJson(ctx: RequestContext): unknown {
  if (!ctx.body || ctx.body.length === 0) return undefined;
  try {
    return JSON.parse(textDecoder.decode(ctx.body));
  } catch {
    return undefined;
  }
}

function formParams(ctx: RequestContext): URLSearchParams | undefined {
  if (!ctx.body || !ctx.contentType?.includes('application/x-www-form-urlencoded')) return undefined;
  return new URLSearchParams(textDecoder.decode(ctx.body));
}

const hidden = (v: unknown, visible: VisibleSet) => {
  const nm = toNmId(typeof v === 'string' ? v.trim() : v);
  return nm === null || !visible.has(nm);
};

/** The first article a parameter list names that the manager may not see, as a reason; else null. */
function checkParams(params: URLSearchParams, visible: VisibleSet): string | null {
  for (const [key, value] of params) {
    if (NM_PARAM_KEYS.has(key) || /^nm_?ids?$/i.test(key)) {
      for (const part of value.split(',')) if (part.trim() && hidden(part, visible)) return `${key}=${part}`;
    }
    if (SEARCH_PARAM_KEYS.has(key) && visible.isHiddenArticle(value)) return `${key}=${value}`;
  }
  return null;
}

/** Walks a JSON request body for article ids and article searches the manager may not use. */
function checkJson(value: unknown, visible: VisibleSet, depth = 0): string | null {
  if (depth > 12) return null;
  if (Array.isArray(value)) {
    for (const v of value) {
      const r = checkJson(v, visible, depth + 1);
      if (r) return r;
    }
    return null;
  }
  if (!isRecord(value)) return null;
  for (const [key, v] of Object.entries(value)) {
    if (NM_PARAM_KEYS.has(key) || /^nm_?ids?$/i.test(key)) {
      const list = Array.isArray(v) ? v : [v];
      for (const x of list) {
        if (isRecord(x)) {
          const r = checkJson(x, visible, depth + 1);
          if (r) return r;
        } else if (x !== null && x !== '' && hidden(x, visible)) return `${key}: ${String(x)}`;
      }
      continue;
    }
    if (SEARCH_PARAM_KEYS.has(key) && typeof v === 'string' && visible.isHiddenArticle(v))
      return `${key}: ${v}`;
    if (typeof v === 'object' && v !== null) {
      const r = checkJson(v, visible, depth + 1);
      if (r) return r;
    }
  }
  return null;
}

/** Path ids after an nm-named segment (`…/nm/123/…`, `…/nmId/123`). */
function checkPath(path: string, visible: VisibleSet): string | null {
  const parts = path.split('/');
  for (let i = 0; i + 1 < parts.length; i++) {
    if (/^(nm|nms|nmid|nm_id|nmids|article)$/i.test(parts[i]!) && /^\d+$/.test(parts[i + 1]!)) {
      if (hidden(parts[i + 1], visible)) return `path ${parts[i]}/${parts[i + 1]}`;
    }
  }
  return null;
}

const RPC_DENIED = new Set(['changeSupplier']);

function rpcMethods(json: unknown): string[] {
  const list = Array.isArray(json) ? json : [json];
  return list.flatMap((c) => (isRecord(c) && typeof c.method === 'string' ? [c.method] : []));
}

/** The page the client asked for on a paged route (before the proxy widens it). */
export function clientPage(paging: PagingSpec, ctx: RequestContext, json: unknown): PageRequest {
  const int = (v: unknown, fallback: number, min: number) => {
    const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : NaN;
    return Number.isSafeInteger(n) && n >= min ? n : fallback;
  };
  if (paging.style === 'cursor') {
    const raw = ctx.search.get(paging.offset);
    const m = raw ? /^o:(\d+)$/.exec(Buffer.from(raw, 'base64url').toString('utf8')) : null;
    return { offset: m ? Number(m[1]) : 0, limit: int(ctx.search.get(paging.limit), paging.defaultLimit, 1) };
  }
  const src: Record<string, unknown> =
    paging.in === 'query' ? Object.fromEntries(ctx.search) : isRecord(json) ? json : {};
  const limit = Math.min(int(src[paging.limit], paging.defaultLimit, 1), paging.max);
  if (paging.style === 'page') return { offset: (int(src[paging.offset], 1, 1) - 1) * limit, limit };
  return { offset: int(src[paging.offset], 0, 0), limit };
}

/** The upstream request with the widest window, so every visible row is counted (README, "Paging"). */
function widen(route: RouteRule, ctx: RequestContext, json: unknown): GuardDecision {
  if (route.kind !== 'json') return { action: 'forward' };
  let search: URLSearchParams | undefined;
  let body: Uint8Array | undefined;
  if (route.rewrite) {
    search = new URLSearchParams(ctx.search);
    for (const [k, v] of Object.entries(route.rewrite)) search.set(k, v);
  }
  const p = route.paging;
  if (p) {
    if (p.in === 'query') {
      search ??= new URLSearchParams(ctx.search);
      search.set(p.limit, String(p.max));
      if (p.style === 'cursor') search.delete(p.offset);
      else search.set(p.offset, '0');
    } else if (p.in === 'body' && isRecord(json)) {
      body = textEncoder.encode(JSON.stringify({ ...json, [p.limit]: p.max, [p.offset]: 0 }));
    } else if (p.in === 'rpc' && json !== undefined) {
      const fix = (c: unknown) =>
        isRecord(c)
          ? { ...c, params: { ...(isRecord(c.params) ? c.params : {}), [p.limit]: p.max, [p.offset]: 1 } }
          : c;
      body = textEncoder.encode(JSON.stringify(Array.isArray(json) ? json.map(fix) : fix(json)));
    }
  }
  if (!search && !body) return { action: 'forward' };
  return { action: 'forward', rewrite: { ...(search ? { search } : {}), ...(body ? { body } : {}) } };
}

/**
 * Decides about one request before it reaches WB: refuses sensitive endpoints and any request naming an article
 * the manager may not see (query, form or JSON body, path, searches by a hidden nmId or vendor code, RPC
 * methods that switch the legal entity); widens paged requests. The balance is answered by the engine.
 */
export function guardRequestSync(
  ctx: RequestContext,
  visible: VisibleSet,
): GuardDecision & { route?: RouteRule } {
  const host = ctx.host.toLowerCase();
  if (ctx.path.startsWith('/__emulator')) {
    return { action: 'deny', status: 404, code: 'NOT_WB', reason: 'not a WB path' };
  }
  if (!FILTERED_HOSTS.has(host)) return { action: 'forward' };
  const route = findRoute(host, ctx.method, ctx.path);
  if (route?.kind === 'deny')
    return { action: 'deny', status: route.status, code: route.code, reason: route.reason };
  const json = requestJson(ctx);
  const problem =
    checkPath(ctx.path, visible) ??
    checkParams(ctx.search, visible) ??
    (formParams(ctx) ? checkParams(formParams(ctx)!, visible) : null) ??
    checkJson(json, visible);
  if (problem)
    return {
      action: 'deny',
      status: 404,
      code: 'NM_NOT_VISIBLE',
      reason: `names an article not assigned to you (${problem})`,
    };
  const denied = rpcMethods(json).find((m) => RPC_DENIED.has(m));
  if (denied)
    return { action: 'deny', status: 403, code: 'SENSITIVE_ENDPOINT', reason: `${denied} is not allowed` };
  if (!route) return { action: 'forward' };
  return { ...widen(route, ctx, json), route };
}
