import { promisify } from 'node:util';
import zlib from 'node:zlib';

/** A compressed upstream body that does not decode (truncated, corrupt): answered 502, never passed on. */
export class CorruptBodyError extends Error {
  readonly code = 'UPSTREAM_BODY_CORRUPT';
}

/** A body over the buffering bound: answered 502 rather than passed on unchecked. */
export class BodyTooLargeError extends Error {
  readonly code = 'UPSTREAM_BODY_TOO_LARGE';
}

const gunzip = promisify(zlib.gunzip);
const inflate = promisify(zlib.inflate);
const inflateRaw = promisify(zlib.inflateRaw);
const brotliDecompress = promisify(zlib.brotliDecompress);
const gzip = promisify(zlib.gzip);
const brotli = promisify(zlib.brotliCompress);

/** Decodes a body by its Content-Encoding (gzip, deflate, br, identity); throws {@link CorruptBodyError}. */
export async function decodeBody(
  body: Buffer,
  encoding: string | undefined,
  maxBytes: number,
): Promise<Buffer> {
  const codings = (encoding ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s && s !== 'identity');
  let out = body;
  for (const coding of codings.reverse()) {
    const options = { maxOutputLength: maxBytes };
    try {
      if (coding === 'gzip' || coding === 'x-gzip') out = await gunzip(out, options);
      else if (coding === 'br') out = await brotliDecompress(out, options);
      else if (coding === 'deflate') {
        try {
          out = await inflate(out, options);
        } catch {
          out = await inflateRaw(out, options);
        }
      } else throw new CorruptBodyError(`unsupported content-encoding ${coding}`);
    } catch (err) {
      if (err instanceof CorruptBodyError) throw err;
      if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
        throw new BodyTooLargeError(`the decoded body exceeds ${maxBytes} bytes`);
      }
      throw new CorruptBodyError(`the ${coding} body does not decode: ${(err as Error).message}`);
    }
  }
  return out;
}

/** The encoding to answer with for a client's Accept-Encoding: br, then gzip, else none. */
export function pickEncoding(acceptEncoding: string | undefined): 'br' | 'gzip' | undefined {
  const accepted = new Map<string, number>();
  for (const part of (acceptEncoding ?? '').split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    accepted.set(name, q ? Number(q.slice(2)) : 1);
  }
  if ((accepted.get('br') ?? 0) > 0) return 'br';
  if ((accepted.get('gzip') ?? 0) > 0) return 'gzip';
  return undefined;
}

/** Encodes a rewritten body (fast settings: it is done per response). Small bodies stay plain. */
export async function encodeBody(
  body: Buffer,
  encoding: 'br' | 'gzip' | undefined,
): Promise<{ body: Buffer; encoding: 'br' | 'gzip' | undefined }> {
  if (!encoding || body.length < 1024) return { body, encoding: undefined };
  if (encoding === 'br') {
    return {
      body: await brotli(body, {
        params: {
          [zlib.constants.BROTLI_PARAM_QUALITY]: 4,
          [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length,
        },
      }),
      encoding,
    };
  }
  return { body: await gzip(body, { level: 5 }), encoding };
}
