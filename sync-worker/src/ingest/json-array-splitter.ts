import { AppError } from '@joycity/shared/errors';

/**
 * Splits a streamed JSON answer into the raw text of each element of its first array, without parsing the
 * elements: WB's rows go to PostgreSQL exactly as received (JSONB), and memory holds one batch at a time
 * however long the answer. Works for a bare array (statistics, finance) and for an array inside an object
 * (the stocks report's `{"data":{"items":[…]}}`): the first `[` opens the array whose elements are emitted.
 * Elements are whatever JSON values the array holds (objects for WB).
 *
 * Bytes are scanned, not characters: the structural characters are ASCII and never occur inside a UTF-8
 * multi-byte sequence, so an element's bytes are cut exactly and decoded once.
 */

export class WbBodyError extends AppError {
  constructor(message: string) {
    super('WB_BODY_MALFORMED', message, { status: 502 });
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const COMMA = 0x2c;

/**
 * A batch of elements: `bytes` is their JSON array (`[e1,e2,…]`) in WB's UTF-8 bytes, `json` the same as text
 * (decoded on first access), `last` the raw text of the last element.
 */
export interface ElementBatch {
  readonly bytes: Buffer;
  readonly json: string;
  count: number;
  last: string;
}

const OPEN = Buffer.from('[');
const SEP = Buffer.from(',');
const CLOSE = Buffer.from(']');

/**
 * Reads `source` (decoded bytes) and yields batches of up to `batchSize` elements. Throws {@link WbBodyError}
 * when the body ends before the array closes (a truncated answer), or holds no array at all.
 *
 * @example
 * for await (const batch of splitJsonArray(res.body, 2000)) await upsert(trx, batch.json);
 */
export async function* splitJsonArray(
  source: AsyncIterable<Buffer | string> | Iterable<Buffer | string>,
  batchSize: number,
): AsyncGenerator<ElementBatch> {
  let started = false; // inside the target array
  let closed = false;
  let depth = 0; // nesting inside the current element
  let inString = false;
  let escaped = false;
  let preString = false;
  let preEscaped = false;
  let pieces: Buffer[] = []; // bytes of the element being read, across chunks
  let batch: Buffer[] = []; // the elements' bytes

  const flush = (): ElementBatch => {
    // One copy into the batch's buffer; no per-element decode (the bytes go to PostgreSQL as they are).
    const parts: Buffer[] = [OPEN];
    for (let e = 0; e < batch.length; e++) {
      if (e > 0) parts.push(SEP);
      parts.push(batch[e]!);
    }
    parts.push(CLOSE);
    const bytes = Buffer.concat(parts);
    const last = batch[batch.length - 1]!.toString('utf8');
    const count = batch.length;
    batch = [];
    let json: string | undefined;
    return {
      bytes,
      get json() {
        return (json ??= bytes.toString('utf8'));
      },
      count,
      last,
    };
  };

  for await (const input of source as AsyncIterable<Buffer | string>) {
    if (closed) continue; // trailing bytes after the array (the rest of a wrapper object)
    const chunk: Buffer = typeof input === 'string' ? Buffer.from(input) : input;
    let i = 0;
    const n = chunk.length;
    if (!started) {
      for (; i < n; i++) {
        const b = chunk[i]!;
        if (preString) {
          if (preEscaped) preEscaped = false;
          else if (b === BACKSLASH) preEscaped = true;
          else if (b === QUOTE) preString = false;
        } else if (b === QUOTE) preString = true;
        else if (b === OPEN_BRACKET) {
          started = true;
          i++;
          break;
        }
      }
      if (!started) continue;
    }
    let elementStart = depth > 0 ? 0 : -1;
    for (; i < n; i++) {
      const b = chunk[i]!;
      if (inString) {
        // Jump to the next quote, then count the backslashes before it. A run of backslashes that ends a chunk
        // with an odd count escapes the next chunk's first byte (`escaped`).
        if (escaped) {
          escaped = false;
          continue;
        }
        const q = chunk.indexOf(QUOTE, i);
        const end = q === -1 ? n : q;
        let k = end - 1;
        let slashes = 0;
        while (k >= i && chunk[k] === BACKSLASH) {
          slashes++;
          k--;
        }
        if (q === -1) {
          // The string continues in the next chunk; an odd run of trailing backslashes escapes its first byte.
          if (slashes % 2 === 1) escaped = true;
          break;
        }
        i = q;
        if (slashes % 2 === 0) inString = false;
        continue;
      }
      if (b === QUOTE) {
        inString = true;
        if (depth === 0) throw new WbBodyError('WB answer: a bare string in the row array');
      } else if (b === OPEN_BRACE || b === OPEN_BRACKET) {
        if (depth === 0) elementStart = i;
        depth++;
      } else if (b === CLOSE_BRACE || b === CLOSE_BRACKET) {
        if (depth === 0) {
          if (b === CLOSE_BRACKET) {
            closed = true;
            break;
          }
          throw new WbBodyError('WB answer: unbalanced braces');
        }
        depth--;
        if (depth === 0) {
          const tail = chunk.subarray(elementStart, i + 1);
          if (pieces.length > 0) {
            pieces.push(tail);
            batch.push(Buffer.concat(pieces));
            pieces = [];
          } else batch.push(tail);
          elementStart = -1;
          if (batch.length >= batchSize) yield flush();
        }
      } else if (depth === 0 && b !== COMMA && b > 0x20) {
        throw new WbBodyError('WB answer: a bare value in the row array');
      }
    }
    if (depth > 0 && elementStart !== -1) pieces.push(Buffer.from(chunk.subarray(elementStart)));
  }
  if (!started) throw new WbBodyError('WB answer holds no JSON array');
  if (!closed || depth > 0 || inString) throw new WbBodyError('WB answer ended before its row array closed');
  if (batch.length > 0) yield flush();
}
