// How fast the emulator serves large pulls: `npm run bench -w @joycity/wb-emulator`.
// Prints a table and writes bench/results/throughput.json. BENCH_VOLUME scales the world (default ≈ 1M daily rows).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGunzip } from 'node:zlib';
import { request } from 'undici';
import { startEmulator } from '../src/index.ts';

const volume = Number(process.env.BENCH_VOLUME ?? 60);
const results: Array<{ metric: string; value: number; unit: string }> = [];
const record = (metric: string, value: number, unit: string) =>
  results.push({ metric, value: Math.round(value * 100) / 100, unit });
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);

// 1. Start-up of a test-sized emulator.
const startups: number[] = [];
for (let i = 0; i < 5; i++) {
  const t = performance.now();
  const small = await startEmulator({ seed: i, accounts: 2, days: 30, cards: 40 });
  startups.push(performance.now() - t);
  await small.close();
}
record(
  'start-up, 2 accounts × 30 days × 40 cards (median)',
  startups.sort((a, b) => a - b)[2] as number,
  'ms',
);

// 2. A large world: pull every daily finance row, counting bytes without parsing.
const t0 = performance.now();
const emu = await startEmulator({
  seed: 7,
  accounts: 1,
  days: 30,
  cards: 200,
  volume,
  now: '2026-11-20T12:00:00Z',
  timeScale: 1e6,
});
record('start-up, large world', performance.now() - t0, 'ms');
const token = emu.emulator.key(1).token;

async function pull(
  url: string,
  body?: unknown,
): Promise<{ status: number; bytes: number; gz: number; tail: string }> {
  const target = new URL(url);
  const res = await request(`${emu.url}${target.pathname}${target.search}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      host: target.host,
      authorization: token,
      'accept-encoding': 'gzip',
      'content-type': 'application/json',
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  let bytes = 0;
  let gz = 0;
  let tail = '';
  if (res.headers['content-encoding'] !== 'gzip') {
    const text = await res.body.text();
    return { status: res.statusCode, bytes: text.length, gz: text.length, tail: text.slice(-4096) };
  }
  const gunzip = createGunzip();
  gunzip.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
    tail = (tail + chunk.toString('latin1')).slice(-4096);
  });
  for await (const chunk of res.body) {
    gz += (chunk as Buffer).length;
    gunzip.write(chunk);
  }
  await new Promise<void>((resolve) => gunzip.end(resolve));
  return { status: res.statusCode, bytes, gz, tail };
}

let rrdId = 0;
let pages = 0;
let bytes = 0;
let gzBytes = 0;
const tPull = performance.now();
for (;;) {
  const r = await pull('https://finance-api.wildberries.ru/api/finance/v1/sales-reports/detailed', {
    dateFrom: '2026-01-01',
    dateTo: '2026-11-20',
    period: 'daily',
    limit: 100_000,
    rrdId,
  });
  if (r.status === 204) break;
  pages++;
  bytes += r.bytes;
  gzBytes += r.gz;
  const ids = [...r.tail.matchAll(/"rrdId":(\d+)/g)];
  rrdId = Number(ids.at(-1)?.[1]);
}
const pullSeconds = (performance.now() - tPull) / 1000;
const tTruth = performance.now();
const truth = emu.emulator.truth(1);
record('truth (large world)', performance.now() - tTruth, 'ms');
const rows = truth.finance.daily.rows;
record('finance rows pulled (daily)', rows, 'rows');
record('finance pages of 100,000', pages, 'pages');
record('finance pull time', pullSeconds, 's');
record('finance rows per second', rows / pullSeconds, 'rows/s');
record('finance JSON produced', bytes / 1e6, 'MB');
record('finance gzip on the wire', gzBytes / 1e6, 'MB');

// 3. One full 80,000-row orders page.
const tOrders = performance.now();
const orders = await pull('https://statistics-api.wildberries.ru/api/v1/supplier/orders?dateFrom=2026-01-01');
record('orders page (80,000 rows)', performance.now() - tOrders, 'ms');
record('orders page JSON', orders.bytes / 1e6, 'MB');
clearInterval(sampler);
record('peak RSS (emulator + client)', peakRss / 1e6, 'MB');
await emu.close();

console.table(results);
const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');
mkdirSync(dir, { recursive: true });
writeFileSync(
  path.join(dir, 'throughput.json'),
  JSON.stringify({ at: new Date().toISOString(), volume, results }, null, 2),
);
