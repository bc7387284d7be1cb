import { ns, xhrNs } from '../lib/api.ts';
import { originOf, urlOf, wsOriginOf } from '../lib/hosts.ts';
import { ensureSession, sellerLkToken } from '../lib/session.ts';
import { allChecks, onChecks, setCheck } from '../lib/status.ts';
import { errorBox, h, money } from '../lib/ui.ts';
import type { PageContext, PageModule, ShellState } from './context.ts';

/**
 * The seller portal SPA: layout, router (pages are loaded with dynamic import()), and the live channels the
 * real portal keeps open (WebSocket, EventSource, beacons, the notifications iframe, a service worker).
 */

const state = JSON.parse(document.getElementById('wb-initial-state')?.textContent ?? '{}') as ShellState;
const REPORTS = '/suppliers-mutual-settlements/reports-implementations/reports-weekly-new';

const ROUTES: Array<[RegExp, () => Promise<PageModule>, string]> = [
  [/^\/$/, () => import('./pages/dashboard.ts'), 'dashboard'],
  [/^\/orders\/?$/, () => import('./pages/orders.ts'), 'orders'],
  [/^\/stocks\/?$/, () => import('./pages/stocks.ts'), 'stocks'],
  [/^\/supplies-management\/all-supplies\/?$/, () => import('./pages/supplies.ts'), 'supplies'],
  [/^\/analytics\/?$/, () => import('./pages/analytics.ts'), 'analytics'],
  [/^\/feedbacks\/?$/, () => import('./pages/feedbacks.ts'), 'feedbacks'],
  [/^\/questions\/?$/, () => import('./pages/questions.ts'), 'questions'],
  [/^\/discount-and-prices\/?$/, () => import('./pages/prices.ts'), 'prices'],
  [new RegExp(`^${REPORTS}/?$`), () => import('./pages/reports.ts'), 'reports'],
  [new RegExp(`^${REPORTS}/(\\d+)/?$`), () => import('./pages/report-details.ts'), 'reports'],
  [/^\/balance\/?$/, () => import('./pages/balance.ts'), 'balance'],
  [/^\/supplier-settings\/access-to-api\/?$/, () => import('./pages/tokens.ts'), 'tokens'],
  [/^\/supplier-settings\/users\/?$/, () => import('./pages/users.ts'), 'users'],
  [/^\/supplier-settings\/requisites\/?$/, () => import('./pages/requisites.ts'), 'requisites'],
  [/^\/suppliers\/?$/, () => import('./pages/suppliers.ts'), 'suppliers'],
  [/^\/diagnostics\/?$/, () => import('./pages/diagnostics.ts'), 'diagnostics'],
];

const app = document.getElementById('app') as HTMLElement;
const main = h('main', { id: 'main' });
const sidebar = h('nav', { class: 'sidebar', 'aria-label': 'Разделы' });
const badges = new Map<string, HTMLElement>();

function link(path: string, text: string, id: string): HTMLAnchorElement {
  const a = h('a', { href: path, 'data-link': '', 'data-menu': id }, text);
  const badge = h('span', { class: 'badge', hidden: true });
  badges.set(id, badge);
  a.append(' ', badge);
  return a;
}

function renderLayout(): void {
  const logo = h('img', {
    src: `${originOf('static')}/portal/img/logo.svg`,
    srcset: `${originOf('static')}/portal/img/logo.svg 1x, ${originOf('static')}/portal/img/logo@2x.svg 2x`,
    alt: 'Wildberries',
    width: 120,
    height: 40,
    id: 'logo',
  });
  logo.addEventListener('load', () => setCheck('srcset', 'ok', logo.currentSrc));
  logo.addEventListener('error', () => setCheck('srcset', 'fail', logo.currentSrc || logo.src));
  const widget = h('iframe', {
    id: 'notifications-widget',
    title: 'Уведомления',
    src: state.links.notificationsWidget,
    sandbox: 'allow-scripts allow-same-origin',
  });
  const topbar = h(
    'header',
    { class: 'topbar' },
    h('a', { href: '/', 'data-link': '', class: 'logo' }, logo, h('span', {}, 'Портал продавцов')),
    h('span', { class: 'spacer' }),
    h('a', { href: '/suppliers', 'data-link': '', class: 'chip', id: 'supplier-chip' }, state.supplier.name),
    h('a', { href: '/balance', 'data-link': '', class: 'chip', id: 'balance-chip' }, 'Баланс: …'),
    h('span', { class: 'bell' }, widget),
    h('span', { class: 'chip', id: 'checks-chip', title: 'Диагностика' }, '…'),
    h('a', { href: state.links.logout, id: 'logout' }, 'Выйти'),
  );
  let group = '';
  for (const item of state.menu) {
    if (item.group && item.group !== group) {
      group = item.group;
      sidebar.append(h('div', { class: 'group' }, 'Настройки'));
    }
    if (item.href)
      sidebar.append(
        h(
          'a',
          { href: item.href, target: '_blank', rel: 'noopener', class: 'ext', 'data-menu': item.id },
          item.title,
        ),
      );
    else sidebar.append(link(item.path ?? '/', item.title, item.id));
  }
  app.replaceChildren(topbar, sidebar, main);
  const chip = document.getElementById('checks-chip') as HTMLElement;
  const renderChip = () => {
    const checks = Object.values(allChecks());
    chip.textContent = `● ${checks.filter((c) => c.state === 'ok').length}/${checks.length}`;
  };
  onChecks(renderChip);
  renderChip();
}

async function route(): Promise<void> {
  const path = location.pathname;
  const match = ROUTES.map(([re, load, id]) => ({ m: re.exec(path), load, id })).find((r) => r.m);
  for (const a of sidebar.querySelectorAll('a[data-menu]'))
    a.classList.toggle('active', a.getAttribute('data-menu') === match?.id);
  if (!match?.m) {
    document.title = 'Страница не найдена';
    main.replaceChildren(
      h('h1', {}, 'Страница не найдена'),
      h('p', {}, h('a', { href: '/', 'data-link': '' }, 'На главную')),
    );
    return;
  }
  main.replaceChildren(h('div', { class: 'muted' }, 'Загрузка…'));
  let page: PageModule;
  try {
    page = await match.load();
    setCheck('dynamicImport', 'ok', `страница «${page.title}»`);
  } catch (err) {
    setCheck('dynamicImport', 'fail', String(err));
    main.replaceChildren(errorBox(err));
    return;
  }
  document.title = `${page.title} — Портал продавцов Wildberries`;
  const ctx: PageContext = {
    params: match.m.slice(1),
    query: new URLSearchParams(location.search),
    state,
    navigate,
    today: state.serverTime.slice(0, 10),
  };
  const root = h('section', { 'data-page': match.id });
  main.replaceChildren(root);
  try {
    await page.render(root, ctx);
    root.dataset.ready = 'true';
  } catch (err) {
    root.append(errorBox(err));
    root.dataset.ready = 'error';
  }
}

function navigate(path: string): void {
  history.pushState(null, '', path);
  void route();
}

document.addEventListener('click', (e) => {
  const a = (e.target as HTMLElement).closest('a[data-link]');
  if (!a || (e as MouseEvent).ctrlKey || (e as MouseEvent).metaKey) return;
  e.preventDefault();
  navigate(a.getAttribute('href') ?? '/');
});
window.addEventListener('popstate', () => void route());

function setBadge(id: string, n: number | undefined): void {
  const badge = badges.get(id);
  if (!badge || n === undefined) return;
  badge.textContent = String(n);
  badge.hidden = n === 0;
}

function updateCounters(c: { unansweredFeedbacks?: number; unansweredQuestions?: number }): void {
  setBadge('feedbacks', c.unansweredFeedbacks);
  setBadge('questions', c.unansweredQuestions);
}

/** The notifications WebSocket. */
function connectWebSocket(): void {
  const ws = new WebSocket(`${wsOriginOf('communications')}/ns/notifications/ws`);
  let hello = false;
  ws.onopen = () => ws.send(JSON.stringify({ type: 'subscribe', channel: 'counters' }));
  ws.onmessage = (e: MessageEvent<string>) => {
    const msg = JSON.parse(e.data) as {
      type: string;
      unansweredFeedbacks?: number;
      unansweredQuestions?: number;
    };
    if (msg.type === 'hello') hello = true;
    if (msg.type === 'counters') {
      updateCounters(msg);
      if (hello) setCheck('websocket', 'ok', `hello + counters через ${new URL(ws.url).host}`);
    }
  };
  ws.onerror = () => setCheck('websocket', 'fail', 'ошибка соединения');
  ws.onclose = (e) => {
    if (!hello) setCheck('websocket', 'fail', `закрыт: ${e.code}`);
    setTimeout(connectWebSocket, 30_000);
  };
}

/** Server-sent counters. */
function connectEventSource(): void {
  const es = new EventSource(urlOf('communications', '/ns/notifications/api/v1/stream'), {
    withCredentials: true,
  });
  es.addEventListener('counters', (e) => {
    const c = JSON.parse((e as MessageEvent<string>).data) as {
      unreadNotifications: number;
      unansweredFeedbacks: number;
      unansweredQuestions: number;
    };
    updateCounters(c);
    setCheck('eventsource', 'ok', `counters: ${JSON.stringify(c)}`);
  });
  es.onerror = () => {
    if (allChecks().eventsource?.state !== 'ok')
      setCheck('eventsource', 'fail', `readyState ${es.readyState}`);
  };
}

/** A page-view beacon, then a check that it arrived. */
function sendBeacon(): void {
  const id = `pv-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const queued = navigator.sendBeacon(
    urlOf('communications', '/ns/events/api/v1/beacon'),
    JSON.stringify({ id, event: 'page_view', page: location.pathname, ts: Date.now() }),
  );
  if (!queued) return setCheck('beacon', 'fail', 'sendBeacon вернул false');
  let tries = 0;
  const verify = async () => {
    const res = await fetch(urlOf('communications', `/ns/events/api/v1/beacon/${id}`), {
      credentials: 'include',
    });
    if (res.ok) setCheck('beacon', 'ok', `получен сервером (${id})`);
    else if (++tries < 10) setTimeout(() => void verify(), 300);
    else setCheck('beacon', 'fail', 'не дошёл до сервера');
  };
  setTimeout(() => void verify(), 200);
}

/** The notifications widget (another host) talks to us; we answer; it confirms. Origins are checked both ways. */
function listenToWidget(): void {
  const widgetOrigin = originOf('communications');
  window.addEventListener('message', (e: MessageEvent<{ type?: string; unread?: number }>) => {
    if (e.origin !== widgetOrigin) return;
    const frame = document.getElementById('notifications-widget') as HTMLIFrameElement | null;
    if (e.data?.type === 'wb-notifications')
      frame?.contentWindow?.postMessage(
        { type: 'wb-notifications-ack', unread: e.data.unread },
        widgetOrigin,
      );
    if (e.data?.type === 'wb-notifications-ready')
      setCheck('postMessage', 'ok', `виджет ${e.origin}: непрочитанных ${e.data.unread ?? 0}`);
  });
}

async function registerServiceWorker(): Promise<void> {
  if (!('serviceWorker' in navigator))
    return setCheck('serviceWorker', 'refused', 'недоступен (страница не в защищённом контексте)');
  try {
    const reg = await navigator.serviceWorker.register('/sw.js', { scope: '/' });
    setCheck('serviceWorker', 'ok', `зарегистрирован, scope ${reg.scope}`);
  } catch (err) {
    setCheck('serviceWorker', 'refused', err instanceof Error ? err.message : String(err));
  }
}

/** CSS url(): the sidebar pattern (relative url) and the photo placeholder (absolute url) load. */
function checkCssUrls(): void {
  const probe = h('img', { class: 'thumb', style: 'position:absolute;left:-9999px' });
  document.body.append(probe);
  const urls = [getComputedStyle(sidebar).backgroundImage, getComputedStyle(probe).backgroundImage]
    .map((v) => /url\("?([^")]+)"?\)/.exec(v)?.[1])
    .filter((u): u is string => Boolean(u));
  probe.remove();
  if (urls.length < 2) return setCheck('cssUrl', 'fail', 'стили не применились');
  let loaded = 0;
  for (const u of urls) {
    const img = new Image();
    img.onload = () => {
      if (++loaded === urls.length) setCheck('cssUrl', 'ok', urls.map((x) => new URL(x).pathname).join(', '));
    };
    img.onerror = () => setCheck('cssUrl', 'fail', u);
    img.src = u;
  }
}

async function loadBalanceChip(): Promise<void> {
  const chip = document.getElementById('balance-chip');
  try {
    const b = await xhrNs<{ current: number; forWithdraw: number }>(
      'services',
      '/ns/reports/seller-wb-balance/api/v1/balance',
    );
    if (chip) chip.replaceChildren('Баланс: ', h('b', {}, money(b.current)));
  } catch {
    if (chip) chip.textContent = 'Баланс: —';
  }
}

async function boot(): Promise<void> {
  await ensureSession();
  await sellerLkToken();
  renderLayout();
  listenToWidget();
  await route();
  void loadBalanceChip();
  connectWebSocket();
  connectEventSource();
  sendBeacon();
  void registerServiceWorker();
  checkCssUrls();
  if (new URLSearchParams(location.search).get('print') === '1') document.body.classList.add('print');
  void ns('shell', '/ns/passport-portal/suppliers-portal-ru/validate').catch(() => undefined);
}

void boot().catch((err: unknown) => {
  app.replaceChildren(errorBox(err));
});
