import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  decodeBody,
  decodeBodyAsync,
  encodeBody,
  encodeBodyAsync,
  negotiateEncoding,
} from './compression.ts';
import { UnsupportedEncodingError, UpstreamBodyCorruptError } from './errors.ts';

const text = Buffer.from('<html>' + 'https://seller.wildberries.ru/x '.repeat(2000) + '</html>');

describe('decodeBody / encodeBody', () => {
  it('round-trips gzip, br and deflate, and passes identity through', () => {
    for (const accept of ['gzip', 'br', 'deflate', 'identity']) {
      const { body, encoding } = encodeBody(text, accept);
      expect(encoding).toBe(accept);
      if (accept !== 'identity') expect(body.length).toBeLessThan(text.length / 10);
      expect(decodeBody(body, encoding).equals(text)).toBe(true);
    }
    expect(decodeBody(text, undefined).equals(text)).toBe(true);
    expect(decodeBody(text, '').equals(text)).toBe(true);
  });

  it('decodes what other encoders produce: x-gzip, raw deflate, stacked codings', () => {
    expect(decodeBody(zlib.gzipSync(text), 'x-gzip').equals(text)).toBe(true);
    expect(decodeBody(zlib.deflateRawSync(text), 'deflate').equals(text)).toBe(true);
    expect(decodeBody(zlib.brotliCompressSync(zlib.gzipSync(text)), 'gzip, br').equals(text)).toBe(true);
  });

  it('refuses truncated and corrupt bodies with UPSTREAM_BODY_CORRUPT', () => {
    const cases: [string, Buffer][] = [
      ['gzip', zlib.gzipSync(text).subarray(0, 200)],
      ['gzip', Buffer.from('not gzip at all')],
      ['br', zlib.brotliCompressSync(text).subarray(0, 40)],
      ['br', Buffer.from([0xff, 0xff, 0xff, 0xff, 0x00])],
      ['deflate', zlib.deflateSync(text).subarray(0, 100)],
      ['deflate', Buffer.from('xx not deflate')],
    ];
    for (const [enc, buf] of cases) {
      let err: unknown;
      try {
        decodeBody(buf, enc);
      } catch (e) {
        err = e;
      }
      expect(err, enc).toBeInstanceOf(UpstreamBodyCorruptError);
      expect((err as UpstreamBodyCorruptError).code).toBe('UPSTREAM_BODY_CORRUPT');
      expect((err as Error).message).toContain(enc);
    }
    // a gzip body with flipped payload bytes fails its CRC
    const gz = zlib.gzipSync(text);
    gz[gz.length - 6] = gz[gz.length - 6]! ^ 0xff;
    expect(() => decodeBody(gz, 'gzip')).toThrow(UpstreamBodyCorruptError);
  });

  it('names an unknown coding', () => {
    expect(() => decodeBody(text, 'compress')).toThrow(UnsupportedEncodingError);
    expect(() => decodeBody(text, 'compress')).toThrow(/compress/);
  });
});

describe('decodeBodyAsync / encodeBodyAsync', () => {
  it('round-trip like the sync versions and refuse the same inputs', async () => {
    for (const accept of ['gzip', 'br', 'deflate', 'identity']) {
      const { body, encoding } = await encodeBodyAsync(text, accept);
      expect(encoding).toBe(accept);
      expect((await decodeBodyAsync(body, encoding)).equals(text)).toBe(true);
      expect(decodeBody(body, encoding).equals(text)).toBe(true);
    }
    expect((await decodeBodyAsync(zlib.deflateRawSync(text), 'deflate')).equals(text)).toBe(true);
    await expect(decodeBodyAsync(zlib.gzipSync(text).subarray(0, 100), 'gzip')).rejects.toMatchObject({
      code: 'UPSTREAM_BODY_CORRUPT',
    });
    await expect(decodeBodyAsync(zlib.brotliCompressSync(text).subarray(0, 30), 'br')).rejects.toBeInstanceOf(
      UpstreamBodyCorruptError,
    );
    await expect(decodeBodyAsync(Buffer.from('nope'), 'deflate')).rejects.toBeInstanceOf(
      UpstreamBodyCorruptError,
    );
    await expect(decodeBodyAsync(text, 'compress')).rejects.toBeInstanceOf(UnsupportedEncodingError);
  });
});

describe('negotiateEncoding', () => {
  it('follows q-values and prefers br, gzip, deflate on ties', () => {
    expect(negotiateEncoding('gzip, deflate, br')).toBe('br');
    expect(negotiateEncoding('gzip, deflate')).toBe('gzip');
    expect(negotiateEncoding('br;q=0.5, gzip;q=0.8')).toBe('gzip');
    expect(negotiateEncoding('br;q=0, gzip;q=0')).toBe('identity');
    expect(negotiateEncoding('*')).toBe('br');
    expect(negotiateEncoding('*;q=0.1, br;q=0')).toBe('gzip');
    expect(negotiateEncoding(undefined)).toBe('identity');
    expect(negotiateEncoding('zstd')).toBe('identity');
  });
});
