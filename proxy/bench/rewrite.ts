// What rewriting costs: `npm run bench -w @joycity/proxy`. Prints a table and writes bench/results/rewrite.json.
// A WB-like page (shell, inline config, JSON island, a table of cards with srcset photos, links to cmp,
// inline styles) scaled to 1 MB and 5 MB; a 200 KB JS bundle; and the transport's whole path for a page
// (gunzip → rewrite → brotli / gzip). And the emulator's real orders answer (50 KB JSON, ~168 WB photo URLs):
// what a buffered API answer costs the transport per request (rewrite, leak check, encode).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { startEmulator } from '@joycity/wb-emulator';
import { request } from 'undici';
import { encodeBody as encodeAnswer } from '../src/pipeline/codec.ts';
import { createRewriter } from '../src/pipeline/rewriter.ts';
import { createHostMap } from '../src/hosts/host-map.ts';
import {
  createRuntimeScript,
  decodeBody,
  encodeBody,
  findUnmappedWbUrls,
  rewriteBody,
} from '../src/rewrite/index.ts';

const hostMap = createHostMap({
  appDomain: 'joycity.example.com',
  publicOrigin: 'https://wb-seller.joycity.example.com',
});
const runtime = createRuntimeScript(hostMap);
const wbUrl = 'https://seller.wildberries.ru/analytics/sales';
const MB = 1024 * 1024;

function card(i: number): string {
  const nm = 100000 + i * 7;
  const b = String((i % 40) + 1).padStart(2, '0');
  const photo = (size: string) =>
    `https://basket-${b}.wbbasket.ru/vol${Math.floor(nm / 1e5)}/part${Math.floor(nm / 1e3)}/${nm}/images/${size}/1.webp`;
  return (
    `<tr class="row" data-nm="${nm}"><td><img loading="lazy" src="${photo('c246x328')}" srcset="${photo('c246x328')} 1x, ${photo('c516x688')} 2x" alt="Товар ${nm}"></td>` +
    `<td><a href="https://cmp.wildberries.ru/campaigns/list?nm=${nm}" target="_blank">Кампании</a> · <a href="/analytics/card/${nm}">Карточка</a></td>` +
    `<td style="background:url(https://static-basket-01.wbbasket.ru/portal/img/bar.svg) no-repeat">Продажи: ${(i * 37) % 1000} шт, выручка ${(i * 1234.5) % 99999} ₽</td>` +
    `<td><span class="badge">Артикул WB ${nm}</span><span class="muted">Обновлено сегодня в 12:00, склад Коледино</span></td></tr>\n`
  );
}

function page(bytes: number): string {
  const head =
    `<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>Аналитика продаж</title>` +
    `<link rel="stylesheet" href="https://static-basket-01.wbbasket.ru/portal/css/app.css" integrity="sha384-x" crossorigin>` +
    `<link rel="icon" href="//seller.wildberries.ru/favicon.ico">` +
    `<script nonce="n0nce">window.__WB_CONFIG__={"apiHosts":{"services":"https:\\/\\/seller-services.wildberries.ru","weekly":"https:\\/\\/seller-weekly-report.wildberries.ru","content":"https:\\/\\/seller-content.wildberries.ru"},"cmp":"https:\\/\\/cmp.wildberries.ru","auth":"seller-auth.wildberries.ru"};</script>` +
    `<script type="module" src="/static/js/app.4f2a.js" integrity="sha384-y"></script></head><body><div id="root"><header><a href="https://seller.wildberries.ru/"><img src="https://static-basket-01.wbbasket.ru/portal/img/logo.svg"></a></header><table>`;
  const island = (n: number) =>
    `<script type="application/json" id="wb-initial-state">${JSON.stringify({ items: Array.from({ length: n }, (_, i) => ({ nmId: 100000 + i, photo: `https://basket-01.wbbasket.ru/vol1/part100/${100000 + i}/images/c246x328/1.webp`, link: `https://seller.wildberries.ru/analytics/card/${100000 + i}` })) })}</script>`;
  const tail = `</table></div>${island(200)}</body></html>`;
  const rows: string[] = [];
  let size = head.length + tail.length;
  for (let i = 0; size < bytes; i++) {
    const r = card(i);
    rows.push(r);
    size += Buffer.byteLength(r);
  }
  return head + rows.join('') + tail;
}

function bundle(bytes: number): string {
  const parts: string[] = ['"use strict";(()=>{'];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const chunk =
      `var m${i}=function(e,t,n){var r=n(${i % 97}),o={host:"seller-services.wildberries.ru",base:"https://seller-weekly-report.wildberries.ru/ns/",img:"//basket-${String((i % 40) + 1).padStart(2, '0')}.wbbasket.ru"};` +
      `function a(e){return r.get(o.base+"analytics-back/api/v1/orders?limit="+e).then(function(t){return t.data.items.map(function(x){return{nm:x.nmId,sum:x.sum*${i % 13}}})})}` +
      `e.exports={load:a,render:function(t){return"<div class=\\"c${i}\\">"+t.map(function(x){return x.nm+": "+x.sum}).join(",")+"</div>"}}};\n`;
    parts.push(chunk);
    size += chunk.length;
  }
  parts.push('})();\n//# sourceMappingURL=app.4f2a.js.map\n');
  return parts.join('');
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time(runs: number, fn: () => void): number {
  fn(); // warm-up
  const ts: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    ts.push(performance.now() - t);
  }
  return median(ts);
}

const results: { metric: string; value: number; unit: string }[] = [];
const record = (metric: string, value: number, unit: string) =>
  results.push({ metric, value: Math.round(value * 1000) / 1000, unit });

for (const mb of [1, 5]) {
  const html = page(mb * MB);
  const bytes = Buffer.byteLength(html);
  const out = rewriteBody({ contentType: 'text/html; charset=utf-8', body: html, wbUrl, hostMap, runtime });
  if (findUnmappedWbUrls(out.body, hostMap).length) throw new Error('the benchmark page left WB URLs');
  const ms = time(mb === 1 ? 9 : 5, () =>
    rewriteBody({ contentType: 'text/html; charset=utf-8', body: html, wbUrl, hostMap, runtime }),
  );
  record(`HTML ${mb} MB page: rewrite (parse5, runtime injected)`, ms, 'ms');
  record(`HTML ${mb} MB page: rewrite cost per MB`, ms / (bytes / MB), 'ms/MB');
  const gz = zlib.gzipSync(html);
  for (const accept of ['br', 'gzip']) {
    const whole = time(mb === 1 ? 5 : 3, () => {
      const text = decodeBody(gz, 'gzip').toString('utf8');
      const r = rewriteBody({ contentType: 'text/html', body: text, wbUrl, hostMap, runtime });
      encodeBody(Buffer.from(r.body), accept);
    });
    record(`HTML ${mb} MB page: gunzip → rewrite → ${accept} (transport path)`, whole, 'ms');
  }
  const text = time(5, () => findUnmappedWbUrls(out.body, hostMap));
  record(`HTML ${mb} MB page: findUnmappedWbUrls on the output`, text, 'ms');
}

const js = bundle(200 * 1024);
const jsOut = rewriteBody({ contentType: 'application/javascript', body: js, wbUrl, hostMap });
if (findUnmappedWbUrls(jsOut.body, hostMap).length) throw new Error('the benchmark bundle left WB URLs');
record(
  'JS 200 KB bundle: rewrite',
  time(21, () => rewriteBody({ contentType: 'application/javascript', body: js, wbUrl, hostMap })),
  'ms',
);
const plainJs = js.replace(/(?:wildberries|wbbasket)\.ru/g, 'example.com');
record(
  'JS 200 KB without WB URLs: rewrite',
  time(21, () => rewriteBody({ contentType: 'application/javascript', body: plainJs, wbUrl, hostMap })),
  'ms',
);
// The JSON answer, as the transport bench gets it (the emulator's orders answer for one account).
const emu = await startEmulator({ seed: 7, accounts: 2, days: 10, cards: 20 });
const account = emu.emulator.accounts()[0]!;
const answer = await request(`${emu.url}/ns/orders/analytics-back/api/v1/orders?limit=56`, {
  headers: {
    host: 'seller-weekly-report.wildberries.ru',
    cookie: Object.entries(account.portal.cookies)
      .map(([k, v]) => `${k}=${v}`)
      .join('; '),
    authorizev3: account.portal.authorizev3,
  },
});
const json = await answer.body.text();
await emu.close();
const jsonBytes = Buffer.from(json);
const rewriter = createRewriter(hostMap);
const ctx = {
  wbHost: 'seller-weekly-report.wildberries.ru',
  target: '/ns/orders/analytics-back/api/v1/orders',
};
const jsonType = 'application/json; charset=utf-8';
const jsonOut = rewriteBody({ contentType: jsonType, body: json, wbUrl, hostMap });
if (findUnmappedWbUrls(jsonOut.body, hostMap).length) throw new Error('the JSON answer left WB URLs');
if (!jsonOut.clean) throw new Error('the JSON answer was not proven clean in the rewriting pass');
/**
 * Per call over batches of `n` calls (sub-millisecond costs: one call is below the timer's noise): the median
 * batch's wall time and the CPU time of all batches. On a loaded machine the wall time counts waiting for a core.
 */
const perCall = (n: number, fn: () => void): number => {
  const cpu = process.cpuUsage();
  const wall = time(31, () => {
    for (let i = 0; i < n; i++) fn();
  });
  const used = process.cpuUsage(cpu);
  lastCpu = (used.user + used.system) / 1000 / (32 * n);
  return wall / n;
};
let lastCpu = 0;
const recordPerCall = (metric: string, n: number, fn: () => void) => {
  record(`${metric} (wall)`, perCall(n, fn), 'ms');
  record(`${metric} (CPU)`, lastCpu, 'ms');
};
const kb = Math.round(jsonBytes.length / 1024);
recordPerCall(`JSON ${kb} KB answer: rewriteBody`, 50, () =>
  rewriteBody({ contentType: jsonType, body: json, wbUrl, hostMap }),
);
recordPerCall(`JSON ${kb} KB answer: findUnmappedWbUrls full scan of the output`, 50, () =>
  findUnmappedWbUrls(jsonOut.body, hostMap),
);
recordPerCall(`JSON ${kb} KB answer: transport rewrite + leak check (proven in the pass)`, 50, () => {
  const text = rewriter.rewriteBody(jsonType, json, ctx);
  if (rewriter.findUnmappedWbUrls(text).length) throw new Error('leak');
});
recordPerCall(`JSON ${kb} KB answer: bytes → text → rewrite + check → bytes`, 50, () => {
  const text = rewriter.rewriteBody(jsonType, jsonBytes.toString('utf8'), ctx);
  if (rewriter.findUnmappedWbUrls(text).length) throw new Error('leak');
  Buffer.from(text, 'utf8');
});
const outBytes = Buffer.from(jsonOut.body);
for (const [enc, label] of [
  ['br', 'brotli q4'],
  ['gzip', 'gzip 5'],
] as const) {
  const size = (await encodeAnswer(outBytes, enc)).body.length;
  // The encoders run on the thread pool: this is the latency one answer adds, not event-loop time.
  const t = performance.now();
  for (let i = 0; i < 20; i++) await encodeAnswer(outBytes, enc);
  record(
    `JSON ${kb} KB answer: encode ${label} (thread pool, per answer)`,
    (performance.now() - t) / 20,
    'ms',
  );
  record(`JSON ${kb} KB answer: ${label} size`, size / 1024, 'KB');
}
record('runtime script size (with config)', runtime.text.length / 1024, 'KB');

console.table(results);
const dir = path.join(import.meta.dirname, 'results');
mkdirSync(dir, { recursive: true });
writeFileSync(
  path.join(dir, 'rewrite.json'),
  `${JSON.stringify({ at: new Date().toISOString(), node: process.version, results }, null, 2)}\n`,
);
