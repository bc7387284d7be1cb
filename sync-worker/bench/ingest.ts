// The sync worker's benchmarks: `npm run bench -w @joycity/sync-worker`. Prints a table and writes
// bench/results/ingest.json.
//
// 1. Ingest: ≈1,000,000 finance rows (the emulator's daily report rows of a large world, BENCH_VOLUME=60)
//    through the worker's own finance pass — gunzip, split, set-based JSONB upsert, cursor commit per page —
//    timed from recorded WB answers (recorded once from the emulator into bench/.cache), so the figure is
//    ours and not the emulator's generation speed (≈25,000 rows/s). Goal ≥ 50,000 rows/s, flat memory.
//    Variants back to back (BENCH_PARSE_CONNECTIONS=2,0: staged parse on 2 connections, and parsed inside the
//    page transaction), each with the machine's load and the CPU that PostgreSQL and Node spent per row.
//    BENCH_ONLY=ingest stops after this part.
// 2. Requests: a full backfill of every dataset against the emulator, WB requests counted in its log and
//    compared with the theoretical minimum from row counts and page sizes.
import {
  createReadStream,
  existsSync,
  mkdirSync,
  writeFileSync,
  readFileSync,
  createWriteStream,
} from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { createGunzip } from 'node:zlib';
import { claimSync, DATASETS, sql, type Database } from '@joycity/db';
import { createTestDatabase } from '@joycity/db/testing';
import { encryptionKeyringSchema } from '@joycity/shared/config';
import { createPostgresCoordinator } from '@joycity/shared/coordination';
import { createAccountService } from '@joycity/shared/credentials';
import { createSecretBox } from '@joycity/shared/crypto';
import { createLogger } from '@joycity/shared/logger';
import { createWbHttp, type WbResponse } from '@joycity/shared/wb';
import { startEmulator } from '@joycity/wb-emulator';
import { request } from 'undici';
import { committer, type DatasetContext } from '../src/datasets/context.ts';
import { splitJsonArray } from '../src/ingest/json-array-splitter.ts';
import { syncFinance } from '../src/datasets/finance.ts';
import { minimumRequests } from '../src/minimum-requests.ts';
import { DEFAULT_RETRY_POLICY } from '../src/retry/retry-policy.ts';
import { runOnce } from '../src/run-pass.ts';
import type { WbCaller } from '../src/wb/wb-caller.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const volume = Number(process.env.BENCH_VOLUME ?? 60);
const results: Array<{ metric: string; value: number | string; unit: string }> = [];
const record = (metric: string, value: number | string, unit: string) =>
  results.push({ metric, value: typeof value === 'number' ? Math.round(value * 100) / 100 : value, unit });
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
const logger = createLogger({ service: 'sync-bench', level: 'warn' });
const encryptionKey = `kb:${Buffer.alloc(32, 7).toString('base64')}`;
const box = createSecretBox(encryptionKeyringSchema.parse(encryptionKey));
const NOW = '2026-11-20T12:00:00Z';

// --- 1. Record the WB answers once ---------------------------------------------------------------------
const cacheDir = path.join(here, '.cache', `finance-daily-v${volume}`);
const manifestPath = path.join(cacheDir, 'manifest.json');
type Page = { rrdId: number; file: string; rows: number };
if (!existsSync(manifestPath)) {
  mkdirSync(cacheDir, { recursive: true });
  console.log(`recording daily finance answers of a world with volume ${volume} into ${cacheDir} …`);
  const emu = await startEmulator({
    seed: 7,
    accounts: 1,
    days: 30,
    cards: 200,
    volume,
    now: NOW,
    timeScale: 1e6,
  });
  const pages: Page[] = [];
  let rrdId = 0;
  for (;;) {
    const res = await request(`${emu.url}/api/finance/v1/sales-reports/detailed`, {
      method: 'POST',
      headers: {
        host: 'finance-api.wildberries.ru',
        authorization: emu.emulator.key(1).token,
        'accept-encoding': 'gzip',
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        dateFrom: '2025-01-01',
        dateTo: '2026-11-20',
        limit: 100_000,
        rrdId,
        period: 'daily',
      }),
    });
    if (res.statusCode === 204) break;
    const file = `page-${pages.length}.json.gz`;
    await pipeline(res.body, createWriteStream(path.join(cacheDir, file)));
    // Row count and last rrdId of the page, read with the worker's own splitter.
    let rows = 0;
    let last = '';
    for await (const batch of splitJsonArray(
      createReadStream(path.join(cacheDir, file)).pipe(createGunzip()),
      10_000,
    )) {
      rows += batch.count;
      last = batch.last;
    }
    const next = Number(/"rrdId":(\d+)/.exec(last)![1]);
    pages.push({ rrdId, file, rows });
    rrdId = next;
    console.log(`  page ${pages.length}: ${rows} rows`);
  }
  writeFileSync(manifestPath, JSON.stringify(pages));
  await emu.close();
}
const pages = JSON.parse(readFileSync(manifestPath, 'utf8')) as Page[];
const totalRows = pages.reduce((s, p) => s + p.rows, 0);

// --- 2. Ingest through the worker's finance pass ---------------------------------------------------------
// Each variant (BENCH_PARSE_CONNECTIONS, comma-separated; 0 = parse inside the page transaction) ingests
// every page into a fresh database, back to back, so they see the same machine load (printed beside them).
const settings = {
  financeStart: '2025-01-01',
  financePeriods: ['daily'] as const,
  financeV5Fallback: false,
  backfillDays: 90,
  statsOverlapSeconds: 300,
  batchRows: Number(process.env.BENCH_BATCH ?? 2_000),
  parseConnections: 2,
};
const variants = (process.env.BENCH_PARSE_CONNECTIONS ?? '0,2').split(',').map(Number);
const load = () => loadavg()[0]!.toFixed(1);
// CPU time (ms) of this database's server backends, read from /proc when the server runs on this machine:
// under a shared machine's load the wall-clock rate says little, the CPU spent per row does.
async function backendCpuMs(db: Database): Promise<Map<number, number>> {
  const pids = await sql<{ pid: number }>`
    SELECT pid FROM pg_stat_activity WHERE datname = current_database()`.execute(db);
  const out = new Map<number, number>();
  for (const { pid } of pids.rows) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      out.set(pid, ((Number(fields[11]) + Number(fields[12])) * 1000) / 100);
    } catch {
      // not on this machine, or gone
    }
  }
  return out;
}

async function ingest(parseConnections: number) {
  const tdb = await createTestDatabase();
  const db = tdb.connect('app');
  const { id: accountId } = await db
    .insertInto('accounts')
    .values({ name: 'Bench', inn: '7707083893', api_key_enc: box.encrypt('k', 'account.api_key') })
    .returning('id')
    .executeTakeFirstOrThrow();
  const owner = 'bench';
  const lease = await claimSync(db, { owner, leaseMs: 3_600_000, accountId, dataset: 'finance' });
  if (!lease) throw new Error('could not lease');
  let requests = 0;
  // Replays the recorded answer for the page asked for; everything after the HTTP layer is the worker's code.
  const replay: WbCaller = async (_key, target, handle) => {
    requests++;
    const body = target.body as { rrdId: number; period: string };
    const page = pages.find((p) => p.rrdId === body.rrdId);
    const stream = page ? createReadStream(path.join(cacheDir, page.file)).pipe(createGunzip()) : undefined;
    const res = { status: page ? 200 : 204, headers: {}, body: stream } as unknown as WbResponse;
    return handle(res);
  };
  const counts = { rowsReceived: 0, rowsWritten: 0, pages: 0 };
  const ctx: DatasetContext = {
    db,
    accountId,
    dataset: 'finance',
    cursor: {},
    backfill: true,
    key: {
      accountId,
      apiKey: 'k',
      keyType: 'personal',
      counters: { requests: 0, rateLimited: 0, retries: 0 },
    },
    callWb: replay,
    settings: { ...settings, parseConnections },
    now: () => new Date(NOW),
    counts,
    commit: committer({ owner, accountId, dataset: 'finance' }),
  };
  peakRss = process.memoryUsage().rss;
  const loadBefore = load();
  const cpuBefore = await backendCpuMs(db);
  const nodeBefore = process.cpuUsage();
  const t1 = performance.now();
  await syncFinance(ctx);
  const ingestMs = performance.now() - t1;
  const node = process.cpuUsage(nodeBefore);
  let pgMs = 0;
  for (const [pid, ms] of await backendCpuMs(db)) pgMs += ms - (cpuBefore.get(pid) ?? 0);
  const stored = await sql<{ n: string; staged: string }>`
    SELECT (SELECT count(*) FROM wb_report_rows) AS n, (SELECT count(*) FROM wb_report_rows_stage) AS staged`.execute(
    db,
  );
  if (Number(stored.rows[0]!.n) !== totalRows || Number(stored.rows[0]!.staged) !== 0)
    throw new Error(
      `stored ${stored.rows[0]!.n} of ${totalRows} rows, ${stored.rows[0]!.staged} left staged`,
    );
  const label =
    parseConnections === 0 ? 'parsed in the page transaction' : `${parseConnections} parse connections`;
  record(`ingest rate, ${label} (goal ≥ 50,000)`, totalRows / (ingestMs / 1000), 'rows/s');
  record(`  ingest time, ${label}`, ingestMs / 1000, 's');
  record(`  load average (1 min) before / after, ${label}`, `${loadBefore} / ${load()}`, '');
  record(`  PostgreSQL CPU per row, ${label}`, (pgMs * 1000) / totalRows, 'µs');
  record(`  Node CPU per row (main thread + zlib), ${label}`, (node.user + node.system) / totalRows, 'µs');
  record(`  peak RSS, ${label}`, peakRss / 2 ** 20, 'MiB');
  if (requests !== pages.length + 1) throw new Error(`${requests} requests for ${pages.length} pages`);
  await db.destroy();
  await tdb.drop();
}

record('finance rows ingested per variant (daily reports)', totalRows, 'rows');
record('pages (requests incl. the final 204)', pages.length + 1, 'requests');
for (const v of variants) await ingest(v);
if (process.env.BENCH_ONLY === 'ingest') finish();

// --- 3. A full backfill against the emulator: WB requests vs the theoretical minimum ----------------------
const tdb = await createTestDatabase();
const db = tdb.connect('app');
const emu = await startEmulator({
  seed: 8,
  accounts: 1,
  days: 30,
  cards: 60,
  volume: 4,
  now: NOW,
  timeScale: 1e6,
});
const service = createAccountService({ db, box });
const a = emu.emulator.accounts()[0]!;
const { account } = await service.create(
  {
    name: a.name,
    inn: a.tin,
    apiKey: emu.emulator.key(1).token,
    portalSession: { cookies: { WBTokenV3: 'v' } },
  },
  { actor: { userId: null, email: null, via: 'cli' }, validate: false },
);
const coordinator = await createPostgresCoordinator({ connectionString: tdb.url, namespace: 'bench' });
const pageSizes = { finance: 100_000, stocks: 250_000, cards: 100 };
const deps = {
  db,
  coordinator,
  box,
  http: createWbHttp({ upstreamOverride: emu.url }),
  logger,
  workerId: 'bench-e2e',
  leaseMs: 600_000,
  timeScale: 1e6,
  policy: DEFAULT_RETRY_POLICY,
  settings: { ...settings, financePeriods: ['weekly', 'daily'] as const, pageSizes },
  now: () => new Date(emu.emulator.clock.now()),
};
await emu.control.clearRequests();
const t2 = performance.now();
let e2eRows = 0;
for (const dataset of DATASETS) {
  const r = await runOnce(deps, { accountId: account.id, dataset });
  if (r?.status !== 'succeeded') throw new Error(`${dataset}: ${r?.error}`);
  e2eRows += r.rowsReceived;
}
const e2eMs = performance.now() - t2;
const truth = await emu.control.truth(1);
const minimum = minimumRequests(
  {
    orders: truth.orders.rows,
    sales: truth.sales.rows,
    finance: { weekly: truth.finance.weekly.rows, daily: truth.finance.daily.rows },
    stocks: truth.stocks.rows,
    cards: truth.cards.rows,
  },
  pageSizes,
);
const made = (await emu.control.requests()).length;
record('full backfill: rows (all datasets)', e2eRows, 'rows');
record('full backfill: time, end to end with the emulator', e2eMs / 1000, 's');
record('full backfill: WB requests made', made, 'requests');
record('full backfill: theoretical minimum', minimum.total, 'requests');
record('full backfill: minimum by dataset', JSON.stringify(minimum), '');
await emu.close();

// --- 4. Orders and sales beyond one 80,000-row page: paging by lastChangeDate at the theoretical minimum ----
const big = await startEmulator({
  seed: 9,
  accounts: 1,
  days: 30,
  cards: 40,
  volume: 75,
  now: NOW,
  timeScale: 1e6,
});
const b1 = big.emulator.accounts()[0]!;
const { account: bigAccount } = await service.create(
  {
    name: b1.name,
    inn: b1.tin,
    apiKey: big.emulator.key(1).token,
    portalSession: { cookies: { WBTokenV3: 'v' } },
  },
  { actor: { userId: null, email: null, via: 'cli' }, validate: false },
);
const bigDeps = {
  ...deps,
  http: createWbHttp({ upstreamOverride: big.url }),
  now: () => new Date(big.emulator.clock.now()),
};
const bigTruth = await big.control.truth(1);
const t3 = performance.now();
for (const dataset of ['orders', 'sales'] as const) {
  const r = await runOnce(bigDeps, { accountId: bigAccount.id, dataset });
  if (r?.status !== 'succeeded') throw new Error(`${dataset}: ${r?.error}`);
}
const bigMs = performance.now() - t3;
const stored2 = await sql<{ o: string; s: string }>`
  SELECT (SELECT count(*) FROM wb_orders WHERE account_id = ${bigAccount.id}) AS o,
         (SELECT count(*) FROM wb_sales WHERE account_id = ${bigAccount.id}) AS s`.execute(db);
if (
  Number(stored2.rows[0]!.o) !== bigTruth.orders.rows ||
  Number(stored2.rows[0]!.s) !== bigTruth.sales.rows
) {
  throw new Error(`orders/sales differ from the truth: ${JSON.stringify(stored2.rows[0])}`);
}
const bigLog = await big.control.requests();
const bigMin = minimumRequests(
  {
    orders: bigTruth.orders.rows,
    sales: bigTruth.sales.rows,
    finance: { weekly: 0, daily: 0 },
    stocks: 0,
    cards: 0,
  },
  pageSizes,
);
record(
  'orders + sales beyond 80,000: rows (truth)',
  `${bigTruth.orders.rows} + ${bigTruth.sales.rows}`,
  'rows',
);
record('orders + sales beyond 80,000: time', bigMs / 1000, 's');
record(
  'orders + sales beyond 80,000: requests made / minimum',
  `${bigLog.filter((r) => r.path.startsWith('/api/v1/supplier/')).length} / ${bigMin.orders + bigMin.sales}`,
  'requests',
);
await big.close();
await coordinator.close();
await db.destroy();
await tdb.drop();
finish();

function finish(): never {
  clearInterval(sampler);
  const width = Math.max(...results.map((r) => r.metric.length));
  for (const r of results)
    console.log(`${r.metric.padEnd(width)}  ${String(r.value).padStart(12)} ${r.unit}`);
  const out = path.join(here, 'results');
  mkdirSync(out, { recursive: true });
  writeFileSync(
    path.join(out, 'ingest.json'),
    JSON.stringify({ at: new Date().toISOString(), volume, results }, null, 2),
  );
  process.exit(0);
}
