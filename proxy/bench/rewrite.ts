// What rewriting costs: `npm run bench -w @joycity/proxy`. Prints a table and writes bench/results/rewrite.json.
// A WB-like page (shell, inline config, JSON island, a table of cards with srcset photos, links to cmp,
// inline styles) scaled to 1 MB and 5 MB; a 200 KB JS bundle; and the transport's whole path for a page
// (gunzip → rewrite → brotli / gzip).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
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
  results.push({ metric, value: Math.round(value * 100) / 100, unit });

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
record('runtime script size (with config)', runtime.text.length / 1024, 'KB');

console.table(results);
const dir = path.join(import.meta.dirname, 'results');
mkdirSync(dir, { recursive: true });
writeFileSync(
  path.join(dir, 'rewrite.json'),
  `${JSON.stringify({ at: new Date().toISOString(), node: process.version, results }, null, 2)}\n`,
);
