import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { UnsupportedEncodingError, UpstreamBodyCorruptError } from './errors.ts';

/** Encodings `encodeBody` may choose, best first. */
export type BodyEncoding = 'br' | 'gzip' | 'deflate' | 'identity';

const hasZstd = typeof (zlib as { zstdDecompressSync?: unknown }).zstdDecompressSync === 'function';

function decodeOne(buf: Buffer, encoding: string): Buffer {
  try {
    switch (encoding) {
      case 'gzip':
      case 'x-gzip':
        return zlib.gunzipSync(buf);
      case 'br':
        return zlib.brotliDecompressSync(buf);
      case 'deflate':
        // HTTP "deflate" is zlib-wrapped (RFC 9110); some servers send raw deflate: accept both.
        try {
          return zlib.inflateSync(buf);
        } catch (zlibErr) {
          if (buf.length > 1 && (buf[0]! & 0x0f) === 8 && ((buf[0]! << 8) | buf[1]!) % 31 === 0)
            throw zlibErr;
          return zlib.inflateRawSync(buf);
        }
      case 'zstd':
        if (hasZstd)
          return (zlib as unknown as { zstdDecompressSync(b: Buffer): Buffer }).zstdDecompressSync(buf);
        throw new UnsupportedEncodingError(encoding);
      default:
        throw new UnsupportedEncodingError(encoding);
    }
  } catch (err) {
    if (err instanceof UnsupportedEncodingError) throw err;
    throw new UpstreamBodyCorruptError(encoding, err);
  }
}

/**
 * Decodes a body by its `Content-Encoding` (a list is undone right to left). Corrupt or truncated input
 * throws `UpstreamBodyCorruptError` (`UPSTREAM_BODY_CORRUPT`); an unknown coding `UnsupportedEncodingError`.
 *
 * @example
 * const html = decodeBody(raw, res.headers['content-encoding']).toString('utf8');
 */
export function decodeBody(buf: Buffer, encoding: string | null | undefined): Buffer {
  const codings = (encoding ?? '')
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c && c !== 'identity');
  let out = buf;
  for (let i = codings.length - 1; i >= 0; i--) out = decodeOne(out, codings[i]!);
  return out;
}

/** The client's preferred coding among ours (`Accept-Encoding` with q-values; ties: br, gzip, deflate). */
export function negotiateEncoding(acceptEncoding: string | null | undefined): BodyEncoding {
  const q = new Map<string, number>();
  for (const part of (acceptEncoding ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const qp = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = qp ? Number(qp.slice(2)) : 1;
    q.set(name, Number.isFinite(value) ? value : 0);
  }
  const star = q.get('*');
  let best: BodyEncoding = 'identity';
  let bestQ = 0;
  for (const enc of ['br', 'gzip', 'deflate'] as const) {
    const v = q.get(enc) ?? (enc === 'gzip' ? q.get('x-gzip') : undefined) ?? star ?? 0;
    if (v > bestQ) {
      best = enc;
      bestQ = v;
    }
  }
  return best;
}

/**
 * Encodes a rewritten body for the client, choosing by `Accept-Encoding`. Brotli runs at quality 5 and gzip
 * at level 6: near-best ratio at a cost that keeps page rewriting cheap (see bench/rewrite.ts).
 * Returns the bytes and the `Content-Encoding` to send (`identity`: send none).
 */
export function encodeBody(
  buf: Buffer,
  acceptEncoding: string | null | undefined,
): { body: Buffer; encoding: BodyEncoding } {
  const encoding = negotiateEncoding(acceptEncoding);
  switch (encoding) {
    case 'br':
      return {
        body: zlib.brotliCompressSync(buf, {
          params: {
            [zlib.constants.BROTLI_PARAM_QUALITY]: 5,
            [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length,
          },
        }),
        encoding,
      };
    case 'gzip':
      return { body: zlib.gzipSync(buf, { level: 6 }), encoding };
    case 'deflate':
      return { body: zlib.deflateSync(buf, { level: 6 }), encoding };
    default:
      return { body: buf, encoding };
  }
}

const gunzipAsync = promisify(zlib.gunzip);
const brotliDecompressAsync = promisify(zlib.brotliDecompress);
const inflateAsync = promisify(zlib.inflate);
const inflateRawAsync = promisify(zlib.inflateRaw);
const gzipAsync = promisify(zlib.gzip);
const brotliCompressAsync = promisify(zlib.brotliCompress);
const deflateAsync = promisify(zlib.deflate);

async function decodeOneAsync(buf: Buffer, encoding: string): Promise<Buffer> {
  try {
    switch (encoding) {
      case 'gzip':
      case 'x-gzip':
        return await gunzipAsync(buf);
      case 'br':
        return await brotliDecompressAsync(buf);
      case 'deflate':
        try {
          return await inflateAsync(buf);
        } catch (zlibErr) {
          if (buf.length > 1 && (buf[0]! & 0x0f) === 8 && ((buf[0]! << 8) | buf[1]!) % 31 === 0)
            throw zlibErr;
          return await inflateRawAsync(buf);
        }
      default:
        return decodeOne(buf, encoding); // zstd and unknown codings: the sync path decides
    }
  } catch (err) {
    if (err instanceof UnsupportedEncodingError || err instanceof UpstreamBodyCorruptError) throw err;
    throw new UpstreamBodyCorruptError(encoding, err);
  }
}

/** `decodeBody` on the thread pool: large bodies do not block the event loop. Same errors. */
export async function decodeBodyAsync(buf: Buffer, encoding: string | null | undefined): Promise<Buffer> {
  const codings = (encoding ?? '')
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c && c !== 'identity');
  let out = buf;
  for (let i = codings.length - 1; i >= 0; i--) out = await decodeOneAsync(out, codings[i]!);
  return out;
}

/** `encodeBody` on the thread pool. */
export async function encodeBodyAsync(
  buf: Buffer,
  acceptEncoding: string | null | undefined,
): Promise<{ body: Buffer; encoding: BodyEncoding }> {
  const encoding = negotiateEncoding(acceptEncoding);
  switch (encoding) {
    case 'br':
      return {
        body: await brotliCompressAsync(buf, {
          params: {
            [zlib.constants.BROTLI_PARAM_QUALITY]: 5,
            [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length,
          },
        }),
        encoding,
      };
    case 'gzip':
      return { body: await gzipAsync(buf, { level: 6 }), encoding };
    case 'deflate':
      return { body: await deflateAsync(buf, { level: 6 }), encoding };
    default:
      return { body: buf, encoding };
  }
}
