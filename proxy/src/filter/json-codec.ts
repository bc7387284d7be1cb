import { isUtf8 } from 'node:buffer';
import { FilterError } from './errors.ts';

const isDigit = (c: number | undefined) => c !== undefined && c >= 48 && c <= 57;

/**
 * Whether the bytes hold a run of 16+ digits: only then can an integer exceed 2^53. Any such run covers a
 * multiple of 16, so only every 16th byte is looked at, and the run around a digit found there is measured.
 */
function hasLongDigitRun(b: Uint8Array): boolean {
  for (let i = 0; i < b.length; i += 16) {
    if (!isDigit(b[i])) continue;
    let lo = i;
    while (lo > 0 && isDigit(b[lo - 1])) lo--;
    let hi = i + 1;
    while (hi < b.length && isDigit(b[hi])) hi++;
    if (hi - lo >= 16) return true;
  }
  return false;
}

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
  const buf = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  // Native validation + decoding: several times faster than a fatal TextDecoder.
  if (!isUtf8(buf)) throw new FilterError('FILTER_UNPARSEABLE', `${route}: the answer is not UTF-8`);
  let text = buf.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    if (!hasLongDigitRun(buf)) return JSON.parse(text);
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
  return Buffer.from(JSON.stringify(value), 'utf8');
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function isJsonContentType(contentType: string | undefined): boolean {
  return !!contentType && /^(application|text)\/([\w.+-]*\+)?json\b/i.test(contentType.trim());
}
