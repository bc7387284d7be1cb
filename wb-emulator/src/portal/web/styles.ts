import type { RequestOrigins } from '../http/origins.ts';

/**
 * The portal's stylesheet, served by the static host. Images are referenced with `url()` both relative
 * (`../img/…`, resolved against the stylesheet) and absolute (built for the request's scheme and port), as
 * WB's CSS has both.
 */
export function appCss(o: RequestOrigins): string {
  const abs = `${o.of('static')}/portal/img`;
  return `:root {
  --wb: #7f3fbf; --wb-dark: #5a2a8c; --wb-pink: #cb11ab; --bg: #f6f4fa; --card: #fff; --text: #232026;
  --muted: #8a8591; --line: #ebe7f0; --ok: #1f9d55; --warn: #d97706; --bad: #dc2626; --radius: 12px;
  font-family: "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--text);
}
* { box-sizing: border-box; }
[hidden] { display: none !important; }
body { margin: 0; background: var(--bg); font-size: 14px; }
a { color: var(--wb); text-decoration: none; }
a:hover { text-decoration: underline; }
.boot { padding: 48px; color: var(--muted); }
.app { display: grid; grid-template-columns: 240px 1fr; grid-template-rows: 60px 1fr; min-height: 100vh; }
.topbar { grid-column: 1 / 3; display: flex; align-items: center; gap: 16px; padding: 0 24px;
  background: linear-gradient(90deg, var(--wb-dark), var(--wb) 55%, var(--wb-pink)); color: #fff; }
.topbar a, .topbar button { color: #fff; }
.logo { display: flex; align-items: center; gap: 10px; font-weight: 700; font-size: 16px; }
.logo img { height: 28px; }
.topbar .spacer { flex: 1; }
.chip { background: rgba(255,255,255,.16); border-radius: 20px; padding: 6px 12px; font-size: 13px; white-space: nowrap; }
.chip b { font-weight: 700; }
.bell { position: relative; }
.bell iframe { width: 170px; height: 34px; border: 0; vertical-align: middle; background: transparent; color-scheme: normal; }
.sidebar { background: #fff url(../img/pattern.svg) no-repeat left bottom; border-right: 1px solid var(--line); padding: 16px 0; }
.sidebar a { display: block; padding: 9px 24px; color: var(--text); border-left: 3px solid transparent; }
.sidebar a:hover { background: var(--bg); text-decoration: none; }
.sidebar a.active { border-left-color: var(--wb); color: var(--wb); background: #f3ecfa; font-weight: 600; }
.sidebar .group { margin: 16px 24px 6px; color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.sidebar .ext::after { content: " ↗"; color: var(--muted); }
main { padding: 24px 32px; min-width: 0; }
h1 { font-size: 24px; margin: 0 0 16px; }
h2 { font-size: 17px; margin: 0 0 12px; }
.muted { color: var(--muted); }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(210px, 1fr)); gap: 16px; margin-bottom: 20px; }
.card { background: var(--card); border-radius: var(--radius); padding: 16px 20px; box-shadow: 0 1px 2px rgba(30,10,60,.06); }
.card .value { font-size: 22px; font-weight: 700; margin-top: 6px; }
.card .label { color: var(--muted); font-size: 13px; }
.panel { background: var(--card); border-radius: var(--radius); padding: 16px 20px; box-shadow: 0 1px 2px rgba(30,10,60,.06); margin-bottom: 20px; overflow-x: auto; }
.filters { display: flex; flex-wrap: wrap; gap: 10px; align-items: end; margin-bottom: 14px; }
.filters label { display: flex; flex-direction: column; gap: 4px; font-size: 12px; color: var(--muted); }
input, select, button { font: inherit; }
input, select { border: 1px solid var(--line); border-radius: 8px; padding: 7px 10px; background: #fff; min-width: 120px; }
button, .button { border: 0; border-radius: 8px; padding: 8px 14px; background: var(--wb); color: #fff; cursor: pointer; display: inline-block; }
button.secondary, .button.secondary { background: #efe8f7; color: var(--wb); }
button.danger { background: var(--bad); }
button:disabled { opacity: .5; cursor: default; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 8px 10px; border-bottom: 1px solid var(--line); vertical-align: middle; white-space: nowrap; }
th { color: var(--muted); font-weight: 600; font-size: 12px; background: #faf8fc; position: sticky; top: 0; }
tbody tr:hover { background: #faf7fd; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tfoot td { font-weight: 700; background: #faf8fc; }
td.wrap { white-space: normal; min-width: 240px; }
.thumb { width: 36px; height: 48px; border-radius: 6px; object-fit: cover; background: #eee8f4 url(${abs}/photo-placeholder.svg) center / 60% no-repeat; }
.pager { display: flex; gap: 8px; align-items: center; justify-content: flex-end; margin-top: 12px; }
.badge { display: inline-block; border-radius: 10px; padding: 2px 8px; font-size: 12px; background: #efe8f7; color: var(--wb); }
.badge.ok { background: #e6f6ec; color: var(--ok); }
.badge.bad { background: #fde8e8; color: var(--bad); }
.badge.warn { background: #fff4e0; color: var(--warn); }
.tabs { display: flex; gap: 4px; margin-bottom: 14px; border-bottom: 1px solid var(--line); }
.tabs a, .tabs button { padding: 8px 14px; border-radius: 8px 8px 0 0; background: none; color: var(--muted); }
.tabs .active { color: var(--wb); border-bottom: 2px solid var(--wb); font-weight: 600; }
.stars { color: #f5a623; letter-spacing: 1px; }
.review { border-bottom: 1px solid var(--line); padding: 14px 0; display: grid; grid-template-columns: 48px 1fr; gap: 12px; }
.review .photos img { width: 48px; height: 48px; border-radius: 6px; margin-right: 6px; background: #eee; }
.answer { background: #f6f1fb; border-radius: 8px; padding: 8px 12px; margin-top: 8px; }
.empty { padding: 48px; text-align: center; color: var(--muted); background: url(../img/empty.svg) center 12px / 64px no-repeat; padding-top: 90px; }
.toast { position: fixed; right: 24px; bottom: 24px; background: var(--text); color: #fff; padding: 12px 18px; border-radius: 10px; opacity: .95; }
.status-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); gap: 12px; }
.check { background: #fff; border-radius: 10px; padding: 12px 16px; border-left: 4px solid var(--muted); }
.check[data-state="ok"] { border-left-color: var(--ok); }
.check[data-state="fail"] { border-left-color: var(--bad); }
.check[data-state="refused"] { border-left-color: var(--warn); }
.check .name { font-weight: 600; }
.check .detail { color: var(--muted); font-size: 12px; margin-top: 4px; word-break: break-all; }
.banner { display: flex; gap: 16px; }
.banner a { flex: 1; border-radius: var(--radius); overflow: hidden; display: block; }
.banner img { width: 100%; display: block; }
.bars { display: flex; gap: 3px; align-items: end; height: 120px; }
.bars div { flex: 1; background: linear-gradient(var(--wb-pink), var(--wb)); border-radius: 3px 3px 0 0; min-height: 2px; }
.auth { min-height: 100vh; display: grid; place-items: center; background: var(--bg) url(${abs}/auth-bg.svg) center / cover no-repeat; }
.auth-card { background: #fff; border-radius: 16px; padding: 32px 36px; width: 400px; box-shadow: 0 10px 40px rgba(60,20,110,.15); }
.auth-card h1 { font-size: 20px; }
.auth-card form { display: flex; flex-direction: column; gap: 12px; }
.auth-card input { font-size: 16px; padding: 10px 12px; }
.auth-logo { height: 36px; background: url(../img/logo.svg) left center / contain no-repeat; margin-bottom: 18px; }
.error { color: var(--bad); }
body.transparent { background: transparent; }
.widget { font-size: 13px; color: #fff; display: flex; align-items: center; gap: 6px; padding: 6px 10px; background: rgba(255,255,255,.16); border-radius: 16px; }
.widget .count { background: #fff; color: var(--wb); border-radius: 10px; padding: 0 7px; font-weight: 700; }
.cmp .topbar { background: linear-gradient(90deg, #2b1055, #7597de); }
dl.kv { display: grid; grid-template-columns: max-content 1fr; gap: 6px 18px; margin: 0; }
dl.kv dt { color: var(--muted); }
.token { font-family: ui-monospace, monospace; word-break: break-all; background: #f6f1fb; padding: 10px; border-radius: 8px; }
`;
}

const svg = (body: string, w = 64, h = 64) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">${body}</svg>`;

/** The portal's pictures (SVG, so they stay small and sharp). */
export const IMAGES: Record<string, string> = {
  'favicon.svg': svg(
    '<rect width="64" height="64" rx="14" fill="#7f3fbf"/><text x="32" y="43" font-size="30" font-family="Arial" font-weight="700" text-anchor="middle" fill="#fff">WB</text>',
  ),
  'logo.svg': svg(
    '<rect width="40" height="40" rx="9" fill="#fff"/><text x="20" y="27" font-size="17" font-family="Arial" font-weight="700" text-anchor="middle" fill="#7f3fbf">WB</text><text x="50" y="27" font-size="17" font-family="Arial" font-weight="700" fill="#fff">seller</text>',
    120,
    40,
  ),
  'logo@2x.svg': svg(
    '<rect width="80" height="80" rx="18" fill="#fff"/><text x="40" y="54" font-size="34" font-family="Arial" font-weight="700" text-anchor="middle" fill="#7f3fbf">WB</text><text x="100" y="54" font-size="34" font-family="Arial" font-weight="700" fill="#fff">seller</text>',
    240,
    80,
  ),
  'pattern.svg': svg(
    '<circle cx="120" cy="40" r="60" fill="#7f3fbf" opacity=".05"/><circle cx="20" cy="140" r="50" fill="#cb11ab" opacity=".05"/>',
    240,
    200,
  ),
  'empty.svg': svg(
    '<rect x="8" y="14" width="48" height="38" rx="6" fill="none" stroke="#c9bcd9" stroke-width="3"/><path d="M8 26h48" stroke="#c9bcd9" stroke-width="3"/>',
  ),
  'photo-placeholder.svg': svg(
    '<rect x="10" y="14" width="44" height="36" rx="5" fill="none" stroke="#b9a6cf" stroke-width="3"/><circle cx="24" cy="27" r="5" fill="#b9a6cf"/><path d="M12 48l14-12 10 8 8-6 10 10" fill="none" stroke="#b9a6cf" stroke-width="3"/>',
  ),
  'auth-bg.svg': svg(
    '<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#f3ecfa"/><stop offset="1" stop-color="#fbe7f6"/></linearGradient></defs><rect width="800" height="600" fill="url(#g)"/><circle cx="700" cy="80" r="160" fill="#7f3fbf" opacity=".08"/><circle cx="80" cy="540" r="200" fill="#cb11ab" opacity=".07"/>',
    800,
    600,
  ),
  'banner-advert.svg': svg(
    '<rect width="600" height="120" rx="12" fill="#7f3fbf"/><text x="28" y="58" font-size="26" font-family="Arial" font-weight="700" fill="#fff">ВБ.Продвижение</text><text x="28" y="90" font-size="16" font-family="Arial" fill="#f3e8ff">Запустите кампанию за 5 минут</text>',
    600,
    120,
  ),
  'banner-logistics.svg': svg(
    '<rect width="600" height="120" rx="12" fill="#cb11ab"/><text x="28" y="58" font-size="26" font-family="Arial" font-weight="700" fill="#fff">Логистика</text><text x="28" y="90" font-size="16" font-family="Arial" fill="#ffe6f7">Новые тарифы с 1 декабря</text>',
    600,
    120,
  ),
};
