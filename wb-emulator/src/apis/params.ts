import { parseWbDateTime } from '@joycity/shared/time';
import { dateToDayNo, moscowDayNo } from '../util/moscow.ts';

/**
 * Request parameters as WB reads them: dates in RFC 3339 (a date, or a date-time with or without an offset;
 * offset-less means Moscow), integers, booleans.
 */

export class ParamError extends Error {}

/** A WB date or date-time → epoch ms. `0001-01-01…` (WB's "no date") is the beginning of time. */
export function parseWbInstant(value: string): number {
  const trimmed = value.trim();
  let parsed: Date | null;
  try {
    parsed = parseWbDateTime(trimmed);
  } catch {
    throw new ParamError(`not a date: '${value}'`);
  }
  return parsed === null ? Number.NEGATIVE_INFINITY : parsed.getTime();
}

/** A WB date or date-time → the Moscow day it falls on. */
export function parseWbDay(value: string): number {
  const trimmed = value.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(trimmed)) {
    const day = dateToDayNo(trimmed);
    parseWbInstant(trimmed); // validates the calendar date
    return day;
  }
  const ms = parseWbInstant(trimmed);
  if (!Number.isFinite(ms)) throw new ParamError(`not a date: '${value}'`);
  return moscowDayNo(ms);
}

/** An integer query parameter (undefined when absent). */
export function intParam(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (!/^-?\d+$/.test(value.trim())) throw new ParamError(`${name}: must be an integer`);
  return Number(value);
}

export function boolParam(value: string | undefined, name: string): boolean | undefined {
  if (value === undefined || value === '') return undefined;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new ParamError(`${name}: must be true or false`);
}

/** A JSON request body, or a ParamError naming the problem. */
export async function jsonBody(req: {
  json(): Promise<unknown>;
  header(name: string): string | undefined;
}): Promise<unknown> {
  try {
    return await req.json();
  } catch {
    throw new ParamError('request body is not valid JSON');
  }
}

export const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
