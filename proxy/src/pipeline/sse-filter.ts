/** One event of an event stream as the parser read it. */
export interface SseEvent {
  event: string;
  data: string;
  id: string | undefined;
}

/** What becomes of one event: its new data, or dropped. */
export type SseDecision = { action: 'pass'; data: string } | { action: 'drop'; reason: string };

/** An event (its fields and `data:` lines together) larger than this ends the stream: fail closed. */
export const MAX_EVENT_BYTES = 1 << 20;

export class SseEventTooLargeError extends Error {
  readonly code = 'SSE_EVENT_TOO_LARGE';
}

const SAFE_ID = /^[\w.:-]{1,64}$/;

/**
 * Filters a text/event-stream incrementally (it never ends, so it cannot be buffered): the bytes are cut into
 * events at blank lines (`\n`, `\r\n` or `\r` line ends, across chunk borders), each event with data goes to
 * `decide` and is written again in a canonical form (`id:` when simple, `event:`, one `data:` line) or not at
 * all. Comments become a bare `:` (a keep-alive that says nothing), `retry:` passes when numeric, any other
 * field is dropped. `onDrop` hears of each dropped event (metrics, logs).
 *
 * @example
 * for await (const out of filterEventStream(response.body, (e) => filterLiveEvent(e.event, e.data, visible)))
 *   res.write(out);
 */
export async function* filterEventStream(
  chunks: AsyncIterable<Uint8Array | string>,
  decide: (event: SseEvent) => SseDecision | Promise<SseDecision>,
  onDrop: (reason: string, event: SseEvent) => void = () => undefined,
): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  let pending = '';
  let eventName = '';
  let data: string[] = [];
  let id: string | undefined;
  let size = 0;
  let extra = '';

  async function dispatch(): Promise<string> {
    let out = extra;
    extra = '';
    if (data.length > 0) {
      const ev: SseEvent = { event: eventName || 'message', data: data.join('\n'), id };
      const d = await decide(ev);
      if (d.action === 'pass') {
        const idLine = id !== undefined && SAFE_ID.test(id) ? `id: ${id}\n` : '';
        const eventLine = eventName ? `event: ${eventName}\n` : '';
        out += `${idLine}${eventLine}${d.data
          .split(/\r\n|\r|\n/)
          .map((l) => `data: ${l}\n`)
          .join('')}\n`;
      } else onDrop(d.reason, ev);
    }
    eventName = '';
    data = [];
    id = undefined;
    size = 0;
    return out;
  }

  async function* lines(text: string, final: boolean): AsyncGenerator<string> {
    pending += text;
    let start = 0;
    for (;;) {
      let i = start;
      while (i < pending.length && pending[i] !== '\n' && pending[i] !== '\r') i++;
      if (i >= pending.length) break;
      // A `\r` at the end of a chunk may be half of a `\r\n`: wait for the next one.
      if (pending[i] === '\r' && i + 1 >= pending.length && !final) break;
      const line = pending.slice(start, i);
      start = i + (pending[i] === '\r' && pending[i + 1] === '\n' ? 2 : 1);
      yield line;
    }
    pending = pending.slice(start);
    if (pending.length > MAX_EVENT_BYTES) throw new SseEventTooLargeError('an event stream line is too long');
  }

  async function* feed(text: string, final: boolean): AsyncGenerator<string> {
    for await (const line of lines(text, final)) {
      if (line === '') {
        const out = await dispatch();
        if (out) yield out;
        continue;
      }
      size += line.length;
      if (size > MAX_EVENT_BYTES) throw new SseEventTooLargeError('an event stream event is too large');
      if (line.startsWith(':')) {
        extra += ':\n\n';
        continue;
      }
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      let value = colon < 0 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'data') data.push(value);
      else if (field === 'event') eventName = /^[\w.-]{1,64}$/.test(value) ? value : 'unknown';
      else if (field === 'id') id = value;
      else if (field === 'retry' && /^\d{1,9}$/.test(value)) extra += `retry: ${value}\n\n`;
    }
  }

  for await (const chunk of chunks) {
    yield* feed(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }), false);
  }
  yield* feed(decoder.decode(), true);
}
