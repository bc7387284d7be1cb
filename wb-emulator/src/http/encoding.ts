import { Duplex } from 'node:stream';
import { createGzip, gzipSync } from 'node:zlib';

/**
 * Content encoding and the faults that live in it. WB compresses with gzip when the client accepts it; the
 * `truncate` and `corrupt` faults need a gzip body to break, so they force gzip whatever the client said.
 */

export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  return header.split(',').some((part) => {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    if (coding !== 'gzip' && coding !== '*') return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return !q || Number(q.slice(2)) > 0;
  });
}

export interface EncodeOptions {
  gzip: boolean;
  /** Cut the gzip body at this fraction of its length. */
  truncate?: number;
  /** Flip bytes in the middle of the gzip body. */
  corrupt?: boolean;
  /** Destroy the connection after this many body bytes… */
  resetAfterBytes?: number;
  /** …with this (destroys the socket). */
  destroyConnection?: () => void;
}

const noBody = (res: Response) => res.body === null || res.status === 204 || res.status === 304;

export async function encodeResponse(res: Response, options: EncodeOptions): Promise<Response> {
  // Event streams are never compressed: a gzip stream holds small events back until its buffer fills.
  const eventStream = res.headers.get('content-type')?.startsWith('text/event-stream') === true;
  if (
    noBody(res) ||
    res.headers.has('content-encoding') ||
    (eventStream && !options.truncate && !options.corrupt)
  )
    return withReset(res, options);
  const headers = new Headers(res.headers);
  headers.append('vary', 'Accept-Encoding');
  if (options.truncate !== undefined || options.corrupt) {
    const plain = new Uint8Array(await res.arrayBuffer());
    const gz = new Uint8Array(gzipSync(plain, { level: 1 }));
    let bytes = gz;
    if (options.truncate !== undefined)
      bytes = gz.subarray(0, Math.max(1, Math.floor(gz.length * options.truncate)));
    if (options.corrupt) {
      bytes = new Uint8Array(gz);
      // Past the 10-byte header; in a short body that is the CRC trailer, which gunzip also checks.
      const at = Math.max(10, Math.floor(bytes.length / 2) - 4);
      for (let i = at; i < Math.min(bytes.length, at + 8); i++) bytes[i] = (bytes[i] as number) ^ 0x5a;
    }
    headers.set('content-encoding', 'gzip');
    headers.set('content-length', String(bytes.length));
    return withReset(new Response(bytes, { status: res.status, headers }), options);
  }
  if (!options.gzip) return withReset(new Response(res.body, { status: res.status, headers }), options);
  headers.set('content-encoding', 'gzip');
  headers.delete('content-length');
  const gzip = Duplex.toWeb(createGzip({ level: 1 })) as ReadableWritablePair<Uint8Array, Uint8Array>;
  const body = (res.body as ReadableStream<Uint8Array>).pipeThrough(gzip);
  return withReset(new Response(body, { status: res.status, headers }), options);
}

/**
 * Passes `afterBytes` body bytes, then destroys the connection (a little later, so the headers and those
 * bytes are on the wire first): the client sees a premature close mid-body.
 */
function withReset(res: Response, options: EncodeOptions): Response {
  const afterBytes = options.resetAfterBytes;
  if (afterBytes === undefined || !options.destroyConnection) return res;
  const destroy = options.destroyConnection;
  const source: ReadableStream<Uint8Array> =
    res.body ?? new ReadableStream<Uint8Array>({ start: (c) => c.close() });
  const reader: ReadableStreamDefaultReader<Uint8Array> = source.getReader();
  let sent = 0;
  let cut = false;
  const headers = new Headers(res.headers);
  headers.delete('content-length');
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (cut) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        destroy();
        return new Promise<void>(() => undefined); // the socket is gone; nothing more to read
      }
      const next = await reader.read();
      if (next.done || sent + next.value.length >= afterBytes) {
        if (!next.done && afterBytes > sent) controller.enqueue(next.value.subarray(0, afterBytes - sent));
        await reader.cancel().catch(() => undefined);
        cut = true;
        return;
      }
      sent += next.value.length;
      controller.enqueue(next.value);
    },
    cancel() {
      void reader.cancel().catch(() => undefined);
    },
  });
  return new Response(body, { status: res.status === 204 ? 200 : res.status, headers });
}
