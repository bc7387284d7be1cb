import { describe, expect, it } from 'vitest';
import {
  filterEventStream,
  MAX_EVENT_BYTES,
  SseEventTooLargeError,
  type SseDecision,
  type SseEvent,
} from './sse-filter.ts';

async function run(
  chunks: string[],
  decide: (e: SseEvent) => SseDecision = (e) => ({ action: 'pass', data: e.data }),
) {
  const seen: SseEvent[] = [];
  const dropped: string[] = [];
  let out = '';
  const source = (async function* () {
    for (const c of chunks) yield new TextEncoder().encode(c);
  })();
  for await (const s of filterEventStream(
    source,
    (e) => {
      seen.push(e);
      return decide(e);
    },
    (reason) => dropped.push(reason),
  ))
    out += s;
  return { out, seen, dropped };
}

describe('filterEventStream', () => {
  it('cuts events across chunk borders and line-end styles and writes them canonically', async () => {
    const { out, seen } = await run([
      'retry: 5000\n: connected\n\nid: 1\nevent: coun',
      'ters\ndata: {"a":\r',
      '\ndata: 1}\r\n\r\nevent: counters\rdata: {}\r\r',
    ]);
    expect(seen).toEqual([
      { event: 'counters', data: '{"a":\n1}', id: '1' },
      { event: 'counters', data: '{}', id: undefined },
    ]);
    expect(out).toBe(
      'retry: 5000\n\n:\n\nid: 1\nevent: counters\ndata: {"a":\ndata: 1}\n\nevent: counters\ndata: {}\n\n',
    );
  });

  it('writes only what the decision returns and nothing of dropped events; unknown fields go', async () => {
    const { out, dropped } = await run(
      [
        'event: counters\ndata: {"n":41}\nfoo: bar\n\n',
        'event: secret\ndata: {"nmId":1}\n\n',
        ': x 123456789\n\n',
      ],
      (e) =>
        e.event === 'counters' ? { action: 'pass', data: '{}' } : { action: 'drop', reason: 'unknown-type' },
    );
    expect(out).toBe('event: counters\ndata: {}\n\n:\n\n');
    expect(dropped).toEqual(['unknown-type']);
  });

  it('does not dispatch an event that has not ended, and fails on an oversized one', async () => {
    const { seen } = await run(['event: counters\ndata: {}\n']);
    expect(seen).toEqual([]);
    await expect(run([`data: ${'x'.repeat(MAX_EVENT_BYTES + 10)}`])).rejects.toBeInstanceOf(
      SseEventTooLargeError,
    );
  });
});
