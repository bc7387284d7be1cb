// Pass-through transport of the proxy against a bare http-proxy-3 forwarder, nginx `proxy_pass` and the origin
// itself: `npm run bench -w @joycity/proxy`. Prints a table and writes bench/results/transport.json.
//
// The origin serves two fixed payloads in a worker thread: a 200 KB JavaScript asset on a WB static host
// (public, max-age: the proxy serves it from its static cache after the first download) and a 50 KB JSON
// answer on a portal API host, taken from the emulator's real orders answer (private: the proxy authenticates
// the manager, attaches the account's WB session, rewrites it and checks it per request). 50 concurrent
// keep-alive clients (undici) run in another worker thread. BENCH_SECONDS (default 5) per scenario.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent as HttpAgent, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { createProxyServer } from 'http-proxy-3';
import { request } from 'undici';
import { startStack } from '../test/stack.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONCURRENCY = 50;
const here = path.dirname(fileURLToPath(import.meta.url));

interface Payload {
  name: string;
  wbHost: string;
  publicHost: string;
  path: string;
}

// 1. The stack (emulator, PostgreSQL, Redis, admin internal API) and the JSON the emulator really answers.
const stack = await startStack({ logLevel: 'warn', proxyPort: 0 });
const manager = await stack.login('manager@example.com');
const wb = stack.emu.emulator.accounts()[0]!;
const orders = await request(`${stack.emu.url}/ns/orders/analytics-back/api/v1/orders?limit=56`, {
  headers: {
    host: 'seller-weekly-report.wildberries.ru',
    cookie: Object.entries(wb.portal.cookies)
      .map(([k, v]) => `${k}=${v}`)
      .join('; '),
    authorizev3: wb.portal.authorizev3,
  },
});
const json = await orders.body.text();

// 2. The origin, in its own thread.
const originWorker = new Worker(
  `
  const { createServer } = require('node:http');
  const { createHash } = require('node:crypto');
  const { parentPort, workerData } = require('node:worker_threads');
  const line = 'export function f' + 'x'.repeat(60) + '(a) { return a * 2 + "/static/js/chunk.js"; }\\n';
  const js = Buffer.from(line.repeat(Math.ceil(200 * 1024 / line.length)).slice(0, 200 * 1024));
  const json = Buffer.from(workerData.json);
  const etag = '"' + createHash('sha1').update(js).digest('hex') + '"';
  const server = createServer((req, res) => {
    if (req.url.startsWith('/portal/js/')) {
      if (req.headers['if-none-match'] === etag) return res.writeHead(304, { etag }).end();
      res.writeHead(200, { 'content-type': 'application/javascript', 'content-length': js.length, etag, 'cache-control': 'public, max-age=3600' });
      return res.end(js);
    }
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': json.length, 'cache-control': 'no-store' });
    res.end(json);
  });
  server.keepAliveTimeout = 95000;
  server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
  `,
  { eval: true, workerData: { json } },
);
const originPort = await new Promise<number>((resolve) => originWorker.once('message', resolve));
const origin = `http://127.0.0.1:${originPort}`;

// 3. The forwarders: our proxy (to the origin), a bare http-proxy-3, nginx.
const proxy = await stack.proxyTo(origin);
const bare = createProxyServer({
  target: origin,
  xfwd: false,
  agent: new HttpAgent({ keepAlive: true, maxSockets: 128 }),
});
const bareServer = createServer((req, res) => bare.web(req, res));
bare.on('error', (_err, _req, res) => {
  if (res && 'writeHead' in res && !res.headersSent) res.writeHead(502).end();
});
await new Promise<void>((r) => bareServer.listen(0, '127.0.0.1', r));
const barePort = (bareServer.address() as AddressInfo).port;

const nginxDir = mkdtempSync(path.join(tmpdir(), 'bench-nginx-'));
const nginxPort = barePort + 1 === proxy.port ? barePort + 2 : barePort + 1;
writeFileSync(
  path.join(nginxDir, 'nginx.conf'),
  `worker_processes 1;
pid ${nginxDir}/nginx.pid;
error_log ${nginxDir}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${nginxDir}/body; proxy_temp_path ${nginxDir}/proxy;
  fastcgi_temp_path ${nginxDir}/fcgi; uwsgi_temp_path ${nginxDir}/uwsgi; scgi_temp_path ${nginxDir}/scgi;
  upstream origin { server 127.0.0.1:${originPort}; keepalive 128; }
  server {
    listen 127.0.0.1:${nginxPort};
    location / {
      proxy_pass http://origin;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_buffering on;
    }
  }
}
`,
);
const nginx = spawn(
  '/usr/sbin/nginx',
  ['-p', nginxDir, '-c', path.join(nginxDir, 'nginx.conf'), '-g', 'daemon off;'],
  {
    stdio: ['ignore', 'ignore', 'pipe'],
  },
);
let nginxErr = '';
nginx.stderr.on('data', (d: Buffer) => (nginxErr += d.toString()));
await new Promise((r) => setTimeout(r, 500));
if (nginx.exitCode !== null) throw new Error(`nginx did not start: ${nginxErr}`);

// 4. The load generator, in its own thread.
const loadWorker = new Worker(
  `
  const { parentPort } = require('node:worker_threads');
  const { Pool } = require('undici');
  parentPort.on('message', async ({ url, host, path, cookie, seconds, concurrency }) => {
    const pool = new Pool(url, { connections: concurrency, pipelining: 1 });
    const latencies = [];
    let bytes = 0, errors = 0, statuses = {};
    const run = async (until, record) => {
      while (performance.now() < until) {
        const t = performance.now();
        try {
          const res = await pool.request({ path, method: 'GET', headers: { host, ...(cookie ? { cookie } : {}) } });
          const body = await res.body.arrayBuffer();
          if (record) {
            latencies.push(performance.now() - t);
            bytes += body.byteLength;
            statuses[res.statusCode] = (statuses[res.statusCode] || 0) + 1;
          }
        } catch { if (record) errors++; }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, () => run(performance.now() + 1000, false)));
    const start = performance.now();
    await Promise.all(Array.from({ length: concurrency }, () => run(start + seconds * 1000, true)));
    const elapsed = (performance.now() - start) / 1000;
    await pool.close();
    latencies.sort((a, b) => a - b);
    const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] || 0;
    parentPort.postMessage({ rps: latencies.length / elapsed, mbps: bytes / elapsed / 1e6, p50: pct(0.5), p99: pct(0.99), errors, statuses });
  });
  `,
  { eval: true },
);

interface Result {
  rps: number;
  mbps: number;
  p50: number;
  p99: number;
  errors: number;
  statuses: Record<string, number>;
}
const load = (target: string, host: string, p: string, cookie: string | undefined, concurrency: number) =>
  new Promise<Result>((resolve) => {
    loadWorker.once('message', resolve);
    loadWorker.postMessage({ url: target, host, path: p, cookie, seconds: SECONDS, concurrency });
  });

const payloads: Payload[] = [
  {
    name: 'JS 200 KB (static host)',
    wbHost: 'static-basket-01.wbbasket.ru',
    publicHost: 'static-basket-01--wbbasket--ru.wb-seller.joycity.test:8080',
    path: '/portal/js/app.js',
  },
  {
    name: 'JSON 50 KB (portal API)',
    wbHost: 'seller-weekly-report.wildberries.ru',
    publicHost: 'seller-weekly-report.wb-seller.joycity.test:8080',
    path: '/ns/orders/analytics-back/api/v1/orders?limit=56',
  },
];

const rows: Array<Record<string, string | number>> = [];
const results: Record<string, Record<string, Result>> = {};
for (const payload of payloads) {
  results[payload.name] = {};
  const scenarios: Array<[string, string, string, string | undefined]> = [
    ['origin directly', origin, payload.wbHost, undefined],
    ['http-proxy-3 (bare)', `http://127.0.0.1:${barePort}`, payload.wbHost, undefined],
    ['nginx proxy_pass', `http://127.0.0.1:${nginxPort}`, payload.wbHost, undefined],
    ['JoyCity proxy', proxy.url, payload.publicHost, manager],
  ];
  for (const [name, target, host, cookie] of scenarios) {
    const r = await load(target, host, payload.path, cookie, CONCURRENCY);
    results[payload.name]![name] = r;
    // The same with one client: the latency a request pays when nothing queues.
    const single = await load(target, host, payload.path, cookie, 1);
    results[payload.name]![`${name}, 1 client`] = single;
    rows.push({
      payload: payload.name,
      transport: name,
      'p50 ms (1 client)': Math.round(single.p50 * 100) / 100,
      'p99 ms (1 client)': Math.round(single.p99 * 100) / 100,
      'req/s': Math.round(r.rps),
      'MB/s': Math.round(r.mbps * 10) / 10,
      'p50 ms': Math.round(r.p50 * 100) / 100,
      'p99 ms': Math.round(r.p99 * 100) / 100,
      errors: r.errors,
      statuses: JSON.stringify(r.statuses),
    });
  }
}
console.table(rows);

const verdicts = payloads.map((p) => {
  const ours = results[p.name]!['JoyCity proxy']!;
  const baseline = results[p.name]!['http-proxy-3 (bare)']!;
  const direct = results[p.name]!['origin directly']!;
  return {
    payload: p.name,
    throughputVsBare: Math.round((ours.rps / baseline.rps) * 100) / 100,
    p99OverheadVsOriginMs: Math.round((ours.p99 - direct.p99) * 100) / 100,
    p99OverheadVsBareMs: Math.round((ours.p99 - baseline.p99) * 100) / 100,
    p99OverheadVsBare1ClientMs:
      Math.round(
        (results[p.name]!['JoyCity proxy, 1 client']!.p99 -
          results[p.name]!['http-proxy-3 (bare), 1 client']!.p99) *
          100,
      ) / 100,
    meetsThroughputTarget: ours.rps >= 0.8 * baseline.rps,
    meetsLatencyTarget: ours.p99 - baseline.p99 < 5,
  };
});
console.table(verdicts);

const out = path.join(here, 'results');
mkdirSync(out, { recursive: true });
writeFileSync(
  path.join(out, 'transport.json'),
  `${JSON.stringify({ at: new Date().toISOString(), seconds: SECONDS, concurrency: CONCURRENCY, rows, verdicts }, null, 2)}\n`,
);

nginx.kill('SIGTERM');
await Promise.all([loadWorker.terminate(), originWorker.terminate()]);
await new Promise<void>((r) => bareServer.close(() => r()));
bare.close();
await stack.close();
rmSync(nginxDir, { recursive: true, force: true });
