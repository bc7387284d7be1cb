import { shapeError } from '../errors.ts';
import { isRecord } from '../json-codec.ts';
import type { PageRequest } from '../types.ts';

/** `data` of a portal `/ns/*` envelope (`{data, error:false, errorText, additionalErrors}`). */
export function nsData(body: unknown, route: string): Record<string, unknown> {
  if (!isRecord(body) || !('data' in body)) throw shapeError(route, 'the answer is not a /ns envelope');
  const data = body.data;
  if (!isRecord(data)) throw shapeError(route, 'data is not an object');
  return data;
}

export function withData(body: unknown, data: unknown): Record<string, unknown> {
  return { ...(body as Record<string, unknown>), data };
}

export function rows(obj: Record<string, unknown>, key: string, route: string): Record<string, unknown>[] {
  const v = obj[key];
  if (!Array.isArray(v)) throw shapeError(route, `${key} is not an array`);
  for (const x of v) if (!isRecord(x)) throw shapeError(route, `${key}[] holds a non-object`);
  return v as Record<string, unknown>[];
}

export function pageOf<T>(list: readonly T[], page: PageRequest | undefined): T[] {
  if (!page) return [...list];
  return list.slice(page.offset, page.offset + page.limit);
}

export function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}
