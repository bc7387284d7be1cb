import type { Context, Hono } from 'hono';
import type { HostEnv } from '../../http/types.ts';
import { dateToDayNo, dayNoToDate, moscowDayNo } from '../../util/moscow.ts';
import { nsFail, PortalParamError } from './envelope.ts';

/** A string or number parameter as text ('' for anything else). */
export function text(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

/** Query and body parameters of the portal's endpoints; a bad one is a 400 naming it. */

export function intQuery(
  c: Context<HostEnv>,
  name: string,
  options: { min?: number; max?: number; fallback: number },
): number {
  const raw = c.req.query(name);
  if (raw === undefined || raw === '') return options.fallback;
  return checkInt(raw, name, options);
}

export function checkInt(raw: unknown, name: string, options: { min?: number; max?: number } = {}): number {
  const n =
    typeof raw === 'number' ? raw : typeof raw === 'string' && /^-?\d+$/.test(raw.trim()) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n)) throw new PortalParamError(`${name}: must be an integer`);
  if (options.min !== undefined && n < options.min)
    throw new PortalParamError(`${name}: must be at least ${options.min}`);
  if (options.max !== undefined && n > options.max)
    throw new PortalParamError(`${name}: must be at most ${options.max}`);
  return n;
}

/** A `YYYY-MM-DD` (or date-time, whose date part counts) → Moscow day number. */
export function dayParam(raw: unknown, name: string): number {
  if (typeof raw !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(raw))
    throw new PortalParamError(`${name}: must be a date YYYY-MM-DD`);
  const day = dateToDayNo(raw.slice(0, 10));
  if (dayNoToDate(day) !== raw.slice(0, 10)) throw new PortalParamError(`${name}: not a calendar date`);
  return day;
}

/** `dateFrom`/`dateTo` of a request (query or body), defaulting to the last `days` days up to today. */
export function dayRange(
  from: unknown,
  to: unknown,
  nowMs: number,
  days: number,
): { fromDay: number; toDay: number } {
  const today = moscowDayNo(nowMs);
  const toDay = to === undefined || to === '' ? today : dayParam(to, 'dateTo');
  const fromDay = from === undefined || from === '' ? toDay - days + 1 : dayParam(from, 'dateFrom');
  if (fromDay > toDay) throw new PortalParamError('dateFrom: must not be after dateTo');
  if (toDay - fromDay > 366) throw new PortalParamError('dateFrom: the period must not exceed a year');
  return { fromDay, toDay };
}

export async function jsonObject(c: Context<HostEnv>): Promise<Record<string, unknown>> {
  let body: unknown;
  try {
    const text = await c.req.text();
    body = text.trim() ? JSON.parse(text) : {};
  } catch {
    throw new PortalParamError('request body is not valid JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new PortalParamError('request body must be a JSON object');
  return body as Record<string, unknown>;
}

/** A page of a list: `offset`/`limit` (or `skip`/`limit`). */
export function pageOf<T>(items: readonly T[], offset: number, limit: number): T[] {
  return items.slice(offset, offset + limit);
}

/** Maps parameter errors to WB's 400 envelope on a host app. */
export function portalErrors(app: Hono<HostEnv>): void {
  app.onError((err, c) => {
    if (err instanceof PortalParamError) return nsFail(400, err.message);
    c.env.wb.log.error = err.message;
    return nsFail(500, `internal error: ${err.message}`);
  });
}
