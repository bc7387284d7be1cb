import { FilterError } from './errors.ts';

const decoder = new TextDecoder('utf-8', { fatal: true });
const encoder = new TextEncoder();
const UNSAFE_INT = /\d{16,}/;

interface RawJsonApi {
  rawJSON(text: string): unknown;
}
const rawJSON = (text: string): unknown => (JSON as unknown as RawJsonApi).rawJSON(text);

/**
 * Parses a JSON answer, keeping integers beyond 2^53 (WB's daily report ids) as raw digits so they are
 * written back exactly. Throws {@link FilterError} `FILTER_UNPARSEABLE` on anything that is not JSON
 * (truncated, wrong charset): the filter fails closed.
 */
export function parseJson(body: Uint8Array, route: string): unknown {
  let text: string;
  try {
    text = decoder.decode(body);
  } catch {
    throw new FilterError('FILTER_UNPARSEABLE', `${route}: the answer is not UTF-8`);
  }
  try {
    if (!UNSAFE_INT.test(text)) return JSON.parse(text);
    return JSON.parse(text, (_key, value: unknown, context?: { source?: string }) =>
      typeof value === 'number' &&
      !Number.isSafeInteger(value) &&
      context?.source &&
      /^-?\d+$/.test(context.source)
        ? rawJSON(context.source)
        : value,
    );
  } catch {
    throw new FilterError('FILTER_UNPARSEABLE', `${route}: the answer is not valid JSON (truncated?)`);
  }
}

export function encodeJson(value: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(value));
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function isJsonContentType(contentType: string | undefined): boolean {
  return !!contentType && /^(application|text)\/([\w.+-]*\+)?json\b/i.test(contentType.trim());
}
