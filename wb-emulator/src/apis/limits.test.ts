import { readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parse } from 'yaml';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LIMITS, type MethodLimit } from './limits.ts';
import { SELLER_API_METHODS } from './all-methods.ts';
import { startEmulator, type RunningEmulator } from '../index.ts';
import { specsDir } from '../specs-dir.ts';

const NOW = '2026-11-20T12:00:00Z';
const SALES = 'https://statistics-api.wildberries.ru/api/v1/supplier/sales?dateFrom=2026-11-19';
const ORDERS = 'https://statistics-api.wildberries.ru/api/v1/supplier/orders?dateFrom=2026-11-19';

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator({ seed: 21, accounts: 2, days: 5, cards: 5, now: NOW });
});
afterAll(() => emu.close());
beforeEach(() => emu.control.reset());

describe('rate limits', () => {
  it('allow the burst, then answer 429 with WB body and X-Ratelimit headers (in WB seconds)', async () => {
    const token = emu.emulator.key(1).token;
    const first = await emu.wb.request(SALES, { token });
    expect(first.status).toBe(200);
    expect(first.headers['x-ratelimit-remaining']).toBe('0');
    const limited = await emu.wb.request(SALES, { token });
    expect(limited.status).toBe(429);
    expect(limited.headers['content-type']).toBe('application/problem+json');
    expect(limited.json()).toMatchObject({
      title: 'too many requests',
      status: 429,
      statusText: 'Too Many Requests',
    });
    expect(limited.headers['x-ratelimit-retry']).toBe('60');
    expect(limited.headers['x-ratelimit-limit']).toBe('1');
    expect(limited.headers['x-ratelimit-remaining']).toBe('0');
    expect(limited.headers['x-ratelimit-reset']).toBe('60');
    // orders: burst 10 for personal keys
    for (let i = 0; i < 10; i++) expect((await emu.wb.request(ORDERS, { token })).status).toBe(200);
    expect((await emu.wb.request(ORDERS, { token })).status).toBe(429);
  });

  it('count per seller, not per key: another key of the same seller shares the bucket, another seller does not', async () => {
    expect((await emu.wb.request(SALES, { token: emu.emulator.key(1).token })).status).toBe(200);
    expect((await emu.wb.request(SALES, { token: emu.emulator.key(1, 'service').token })).status).toBe(429);
    expect((await emu.wb.request(SALES, { token: emu.emulator.key(2).token })).status).toBe(200);
  });

  it('give basic keys their own, far lower limits (orders: 1 per 3 h)', async () => {
    const basic = emu.emulator.key(1, 'basic').token;
    expect((await emu.wb.request(ORDERS, { token: basic })).status).toBe(200);
    const limited = await emu.wb.request(ORDERS, { token: basic });
    expect(limited.status).toBe(429);
    expect(limited.headers['x-ratelimit-retry']).toBe(String(3 * 3600));
    await emu.control.setClock({ advance: '3h' });
    expect((await emu.wb.request(ORDERS, { token: basic })).status).toBe(200);
  });

  it('share one bucket across the feedbacks category (3/s, burst 6)', async () => {
    const token = emu.emulator.key(1).token;
    const urls = [
      'https://feedbacks-api.wildberries.ru/api/v1/feedbacks?isAnswered=true&take=1&skip=0',
      'https://feedbacks-api.wildberries.ru/api/v1/questions?isAnswered=true&take=1&skip=0',
    ];
    const statuses = [];
    for (let i = 0; i < 7; i++)
      statuses.push((await emu.wb.request(urls[i % 2] as string, { token })).status);
    expect(statuses.slice(0, 6)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(statuses[6]).toBe(429);
  });

  it('limit /ping per host (3 per 30 s)', async () => {
    const token = emu.emulator.key(1).token;
    for (let i = 0; i < 3; i++)
      expect((await emu.wb.request('https://content-api.wildberries.ru/ping', { token })).status).toBe(200);
    expect((await emu.wb.request('https://content-api.wildberries.ru/ping', { token })).status).toBe(429);
    expect((await emu.wb.request('https://statistics-api.wildberries.ru/ping', { token })).status).toBe(200);
  });

  it('run minute-long limits in milliseconds under a time scale', async () => {
    const token = emu.emulator.key(1).token;
    // 1 WB minute = 600 ms: short enough for a test, long enough that a loaded machine (two cores shared with
    // other test files) cannot eat a noticeable part of it between the two requests.
    await emu.control.setTimeScale(100);
    expect((await emu.wb.request(SALES, { token })).status).toBe(200);
    const limited = await emu.wb.request(SALES, { token });
    expect(limited.status).toBe(429);
    // Still WB seconds: a client with the same scale waits retry / 100 s.
    const retry = Number(limited.headers['x-ratelimit-retry']);
    expect(retry).toBeGreaterThan(40);
    expect(retry).toBeLessThanOrEqual(60);
    await sleep(retry * 10 + 30);

    expect((await emu.wb.request(SALES, { token })).status).toBe(200);
  });

  it('refill when the clock moves on, and on request', async () => {
    const token = emu.emulator.key(1).token;
    await emu.wb.request(SALES, { token });
    expect((await emu.wb.request(SALES, { token })).status).toBe(429);
    await emu.control.setClock({ advance: 60_000 });
    expect((await emu.wb.request(SALES, { token })).status).toBe(200);
    expect((await emu.wb.request(SALES, { token })).status).toBe(429);
    await emu.control.resetRateLimits();
    expect((await emu.wb.request(SALES, { token })).status).toBe(200);
  });
});

describe('the limit table', () => {
  /** Reads a method's "Лимит запросов" table from the spec: rows of | type? | period | limit | interval | burst |. */
  function specLimits(version: string, file: string, apiPath: string, method: string) {
    const doc = parse(readFileSync(path.join(specsDir(), version, file), 'utf8')) as {
      paths: Record<string, Record<string, { description?: string }>>;
    };
    const description = doc.paths[apiPath]?.[method]?.description ?? '';
    const rows = description
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.startsWith('|') && !l.includes('---') && !l.includes('Период'))
      .map((l) =>
        l
          .split('|')
          .map((c) => c.trim())
          .filter(Boolean),
      );
    const toMs = (cell: string) => {
      const m = /^(\d+)\s*(мс|сек[а-я]*|мин[а-я]*|ч|час[а-я]*)$/u.exec(cell);
      if (!m) throw new Error(`cannot read '${cell}' (${apiPath})`);
      const unit = m[2] as string;
      const k =
        unit === 'мс' ? 1 : unit.startsWith('сек') ? 1000 : unit.startsWith('мин') ? 60_000 : 3_600_000;
      return Number(m[1]) * k;
    };
    const count = (cell: string) => Number(/^(\d+)/.exec(cell)?.[1]);
    const toRule = (cells: string[]) => {
      const [period, limit, interval, burst] = cells.slice(-4) as [string, string, string, string];
      return { periodMs: toMs(period), limit: count(limit), intervalMs: toMs(interval), burst: count(burst) };
    };
    const standard = rows.find((r) => r.length === 4 || r[0] === 'Персональный');
    const basic = rows.find((r) => r[0] === 'Базовый');
    return { standard: standard && toRule(standard), basic: basic && toRule(basic) };
  }

  it('has WB published figures for every method the emulator serves', () => {
    const specs = Object.values(SELLER_API_METHODS).flatMap((methods) => methods.map((m) => m.spec));
    expect(specs.length).toBeGreaterThanOrEqual(15);
    for (const spec of specs) {
      expect(spec.spec, `${spec.id} names its spec`).toBeDefined();
      if (!spec.spec) continue;
      const published = specLimits(
        spec.spec.version ?? '2026-07',
        spec.spec.file,
        spec.spec.path,
        spec.spec.method,
      );
      const ours: MethodLimit = LIMITS[spec.limit];
      expect(published.standard, `${spec.id}: no limit table in the spec`).toBeDefined();
      expect(ours.standard, spec.id).toEqual(published.standard);
      if (published.basic) expect(ours.basic, `${spec.id} basic`).toEqual(published.basic);
      else expect(ours.basic, `${spec.id} has no basic row in the spec`).toBeUndefined();
    }
  });
});
