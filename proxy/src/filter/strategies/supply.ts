import { shapeError } from '../errors.ts';
import { isRecord } from '../json-codec.ts';
import { sumInt } from '../money.ts';
import { toNmId } from '../nm-keys.ts';
import type { JsonFilterInput, PageRequest } from '../types.ts';
import type { VisibleSet } from '../../visibility/visible-set.ts';
import type { FilterStats } from '../deep-filter.ts';
import { deepFilter } from '../deep-filter.ts';
import { rows } from './common.ts';

/**
 * seller-supply JSON-RPC 2.0 (single calls and batches). A supply, like a campaign, is visible only when ALL
 * its articles are assigned (its quantities are then exactly the manager's); its lines are filtered anyway.
 */

function allVisible(ids: unknown, visible: VisibleSet): boolean {
  if (!Array.isArray(ids) || ids.length === 0) return false;
  return ids.every((x) => {
    const nm = toNmId(x);
    return nm !== null && visible.has(nm);
  });
}

const notFound = (id: unknown) => ({ jsonrpc: '2.0', id, error: { code: 404, message: 'supply not found' } });

function listSupplies(
  result: Record<string, unknown>,
  visible: VisibleSet,
  stats: FilterStats,
  page?: PageRequest,
) {
  const kept = rows(result, 'data', 'listSupplies').filter((s) => {
    const ok = allVisible(s.nmIDs, visible);
    if (ok) stats.kept++;
    else stats.removed++;
    return ok;
  });
  return {
    ...result,
    data: page ? kept.slice(page.offset, page.offset + page.limit) : kept,
    totalCount: kept.length,
    ...(page ? { pageNumber: Math.floor(page.offset / page.limit) + 1, pageSize: page.limit } : {}),
  };
}

function supplyDetails(
  answer: Record<string, unknown>,
  result: Record<string, unknown>,
  visible: VisibleSet,
  stats: FilterStats,
  page?: PageRequest,
) {
  if (!isRecord(result.supply) || !allVisible(result.supply.nmIDs, visible)) {
    stats.removed++;
    return notFound(answer.id);
  }
  const kept = rows(result, 'data', 'supplyDetails').filter((l) => {
    const nm = toNmId(l.nmID);
    const ok = nm !== null && visible.has(nm);
    if (ok) stats.kept++;
    else stats.removed++;
    return ok;
  });
  return {
    ...answer,
    result: {
      ...result,
      data: page ? kept.slice(page.offset, page.offset + page.limit) : kept,
      totalCount: kept.length,
      totalQuantity: sumInt(kept, (l) => l.quantity),
      ...(page ? { pageNumber: Math.floor(page.offset / page.limit) + 1, pageSize: page.limit } : {}),
    },
  };
}

/** The pages the client asked for in each call, by call id (the proxy widened them upstream). */
export type RpcPages = Map<unknown, PageRequest>;

function answerOne(
  answer: unknown,
  method: string | undefined,
  visible: VisibleSet,
  stats: FilterStats,
  page: PageRequest | undefined,
): unknown {
  if (!isRecord(answer)) throw shapeError('json-rpc', 'an answer is not an object');
  if (!('result' in answer)) return deepFilter(answer, visible, stats);
  const result = answer.result;
  if (method === 'listSupplies' && isRecord(result))
    return { ...answer, result: listSupplies(result, visible, stats, page) };
  if (method === 'supplyDetails' && isRecord(result))
    return supplyDetails(answer, result, visible, stats, page);
  return deepFilter(answer, visible, stats);
}

/** Calls of a JSON-RPC request: method (or the URL's) and params, by id. */
export function rpcCalls(request: unknown, urlMethod: string | undefined) {
  const list = Array.isArray(request) ? request : [request];
  const out = new Map<unknown, { method: string | undefined; params: Record<string, unknown> }>();
  for (const c of list) {
    if (!isRecord(c)) continue;
    out.set(c.id ?? null, {
      method: typeof c.method === 'string' ? c.method : urlMethod,
      params: isRecord(c.params) ? c.params : {},
    });
  }
  return out;
}

export function rpcPage(params: Record<string, unknown>): PageRequest {
  const n =
    typeof params.pageNumber === 'number' && params.pageNumber >= 1 ? Math.floor(params.pageNumber) : 1;
  const size = typeof params.pageSize === 'number' && params.pageSize >= 1 ? Math.floor(params.pageSize) : 20;
  return { offset: (n - 1) * size, limit: size };
}

export function supplyRpcFilter({ body, visible, stats, ctx, request }: JsonFilterInput): unknown {
  const urlMethod = /\/supply\/(listSupplies|supplyDetails)$/.exec(ctx.path)?.[1];
  const calls = rpcCalls(request, urlMethod);
  const one = (answer: unknown) => {
    const id = isRecord(answer) ? (answer.id ?? null) : null;
    const call = calls.get(id);
    return answerOne(answer, call?.method, visible, stats, call ? rpcPage(call.params) : undefined);
  };
  return Array.isArray(body) ? body.map(one) : one(body);
}
