import type { Readable } from 'node:stream';

export class RequestTooLargeError extends Error {
  readonly code = 'REQUEST_TOO_LARGE';
}

/** Reads a stream to its end, refusing more than `maxBytes` (throws `onTooLarge()`). */
export async function readBounded(
  stream: Readable | AsyncIterable<Uint8Array>,
  maxBytes: number,
  onTooLarge: () => Error,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream as AsyncIterable<Uint8Array>) {
    total += chunk.length;
    if (total > maxBytes) {
      if ('destroy' in stream && typeof stream.destroy === 'function') stream.destroy();
      throw onTooLarge();
    }
    chunks.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  }
  return Buffer.concat(chunks, total);
}
