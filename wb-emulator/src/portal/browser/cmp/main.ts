import { date, empty, errorBox, h, int, money, pager, table, thumb } from '../lib/ui.ts';

/**
 * The advertising cabinet (cmp.wildberries.ru): its own SPA. API calls are root-relative (`/api/...`) on its
 * own origin, with the portal's session cookies.
 */

interface Nm {
  nm: number;
  name: string;
  vendorCode: string;
  photo: string;
  active: boolean;
}
interface Campaign {
  id: number;
  name: string;
  status: number;
  statusName: string;
  typeName: string;
  paymentType: string;
  createTime: string;
  budget: number;
  nmCount: number;
  nms: number[];
  products: Nm[];
  stat7d: { views: number; clicks: number; ctr: number; sum: number; orders: number };
}
interface Details extends Campaign {
  params: Array<{ subjectId: number; subjectName: string; nms: Array<{ nm: number; active: boolean }> }>;
  nmCPM: Array<{ nm: number; cpm: number }>;
}
interface DayStat {
  date: string;
  views: number;
  clicks: number;
  sum: number;
  orders: number;
  apps: Array<{
    nm: Array<{ nmId: number; name: string; views: number; clicks: number; sum: number; orders: number }>;
  }>;
}

const state = JSON.parse(document.getElementById('wb-initial-state')?.textContent ?? '{}') as {
  supplier: { name: string };
  links: { portal: string; reports: string };
  serverTime: string;
};
const app = document.getElementById('cmp-app') as HTMLElement;
const main = h('main', { id: 'main' });
const TABS: Array<[string, string]> = [
  ['active', 'Активные'],
  ['paused', 'На паузе'],
  ['ready', 'Готовы к запуску'],
  ['finished', 'Завершённые'],
  ['archived', 'Архив'],
  ['all', 'Все'],
];

async function api<T>(path: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(path, {
    credentials: 'same-origin',
    ...init,
    headers: { 'content-type': 'application/json', ...init.headers },
  });
  if (res.status === 401) {
    location.assign(`${state.links.portal.replace(/\/$/, '')}/login`);
    throw new Error('unauthorized');
  }
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return (await res.json()) as T;
}

function layout(): void {
  app.replaceChildren(
    h(
      'header',
      { class: 'topbar' },
      h('a', { href: '/campaigns/list/active', 'data-link': '', class: 'logo' }, 'ВБ.Продвижение'),
      h('span', { class: 'spacer' }),
      h('span', { class: 'chip', id: 'cmp-balance' }, 'Баланс: …'),
      h('span', { class: 'chip' }, state.supplier.name),
      h('a', { href: state.links.portal, id: 'to-portal' }, 'Портал продавца'),
    ),
    h(
      'nav',
      { class: 'sidebar' },
      ...TABS.map(([tab, title]) =>
        h('a', { href: `/campaigns/list/${tab}`, 'data-link': '', 'data-tab': tab }, title),
      ),
      h('a', { href: state.links.reports }, 'Финансовые отчёты'),
    ),
    main,
  );
}

async function listPage(tab: string): Promise<void> {
  let page = 1;
  const search = h('input', { type: 'search', placeholder: 'Название, ID или артикул', name: 'search' });
  const body = h('div', { class: 'panel' });
  const tabs = h('div', { class: 'tabs' });
  const load = async () => {
    const data = await api<{ content: Campaign[]; total: number; counts: Record<string, number> }>(
      `/api/v1/adverts?status=${tab}&page=${page}&pageSize=10&search=${encodeURIComponent(search.value)}`,
    );
    tabs.replaceChildren(
      ...TABS.map(([t, title]) =>
        h(
          'a',
          { href: `/campaigns/list/${t}`, 'data-link': '', class: t === tab ? 'active' : '' },
          `${title} (${int(data.counts[t])})`,
        ),
      ),
    );
    body.replaceChildren(
      data.content.length
        ? table(
            [
              {
                title: 'Кампания',
                cell: (c: Campaign) =>
                  h(
                    'a',
                    { href: `/campaigns/${c.id}`, 'data-link': '', 'data-campaign': String(c.id) },
                    c.name,
                  ),
              },
              { title: 'ID', cell: (c) => String(c.id) },
              {
                title: 'Статус',
                cell: (c) =>
                  h(
                    'span',
                    { class: `badge ${c.status === 9 ? 'ok' : c.status === 11 ? 'warn' : ''}` },
                    c.statusName,
                  ),
              },
              { title: 'Тип', cell: (c) => c.typeName },
              {
                title: 'Товары',
                cell: (c) =>
                  h(
                    'span',
                    {},
                    ...c.products.slice(0, 4).map((n) => thumb(n.photo, `${n.nm}`)),
                    c.nmCount > 4 ? ` +${c.nmCount - 4}` : '',
                  ),
              },
              { title: 'Артикулы', cell: (c) => c.nms.join(', '), wrap: true },
              { title: 'Показы 7 дн.', cell: (c) => int(c.stat7d.views), num: true },
              { title: 'Клики', cell: (c) => int(c.stat7d.clicks), num: true },
              { title: 'Затраты', cell: (c) => money(c.stat7d.sum), num: true },
            ],
            data.content,
            { 'data-table': 'campaigns' },
          )
        : empty('Кампаний нет'),
      pager(data.total, (page - 1) * 10, 10, (offset) => {
        page = offset / 10 + 1;
        void load();
      }),
    );
  };
  main.replaceChildren(
    h('h1', {}, 'Рекламные кампании'),
    tabs,
    h(
      'form',
      {
        class: 'filters',
        onsubmit: (e: Event) => {
          e.preventDefault();
          page = 1;
          void load();
        },
      },
      h('label', {}, 'Поиск', search),
      h('button', { type: 'submit' }, 'Найти'),
    ),
    body,
  );
  await load();
}

async function campaignPage(id: number): Promise<void> {
  const c = await api<Details>(`/api/v1/adverts/${id}`);
  const to = new Date(state.serverTime);
  const from = new Date(to.getTime() - 29 * 86_400_000);
  const [stat] = await api<
    Array<{ views: number; clicks: number; ctr: number; sum: number; orders: number; days: DayStat[] }>
  >('/api/v3/fullstat', {
    method: 'POST',
    body: JSON.stringify({
      ids: [id],
      dateFrom: from.toISOString().slice(0, 10),
      dateTo: to.toISOString().slice(0, 10),
    }),
  });
  const byNm = new Map<
    number,
    { name: string; views: number; clicks: number; sum: number; orders: number }
  >();
  for (const d of stat?.days ?? [])
    for (const app of d.apps)
      for (const n of app.nm) {
        const t = byNm.get(n.nmId) ?? { name: n.name, views: 0, clicks: 0, sum: 0, orders: 0 };
        t.views += n.views;
        t.clicks += n.clicks;
        t.sum += n.sum;
        t.orders += n.orders;
        byNm.set(n.nmId, t);
      }
  const maxViews = Math.max(1, ...(stat?.days ?? []).map((d) => d.views));
  const cpm = new Map(c.nmCPM.map((b) => [b.nm, b.cpm]));
  main.replaceChildren(
    h('p', {}, h('a', { href: '/campaigns/list/all', 'data-link': '' }, '← Все кампании')),
    h('h1', {}, `${c.name} · ${c.statusName}`),
    h(
      'div',
      { class: 'cards' },
      ...(
        [
          ['Показы', int(stat?.views)],
          ['Клики', int(stat?.clicks)],
          ['CTR', `${stat?.ctr ?? 0}%`],
          ['Затраты', money(stat?.sum)],
          ['Заказы', int(stat?.orders)],
        ] as Array<[string, string]>
      ).map(([k, v]) =>
        h('div', { class: 'card' }, h('div', { class: 'label' }, k), h('div', { class: 'value' }, v)),
      ),
    ),
    h(
      'div',
      { class: 'panel' },
      h('h2', {}, 'Показы по дням за 30 дней'),
      stat?.days.length
        ? h(
            'div',
            { class: 'bars', 'data-chart': 'views' },
            ...stat.days.map((d) =>
              h('div', {
                style: `height:${Math.round((d.views / maxViews) * 100)}%`,
                title: `${date(d.date)}: ${d.views}`,
              }),
            ),
          )
        : empty('Статистики за период нет'),
    ),
    h(
      'div',
      { class: 'panel' },
      h('h2', {}, 'Товары кампании'),
      table(
        [
          { title: 'Артикул WB', cell: (n: Nm) => String(n.nm) },
          { title: 'Товар', cell: (n) => n.name, wrap: true },
          { title: 'Ставка CPM', cell: (n) => money(cpm.get(n.nm)), num: true },
          { title: 'Показы', cell: (n) => int(byNm.get(n.nm)?.views), num: true },
          { title: 'Клики', cell: (n) => int(byNm.get(n.nm)?.clicks), num: true },
          { title: 'Затраты', cell: (n) => money(byNm.get(n.nm)?.sum), num: true },
        ],
        c.products,
        { 'data-table': 'campaign-nms' },
      ),
      h(
        'p',
        { class: 'muted' },
        `Предметы: ${c.params.map((p) => `${p.subjectName} (${p.nms.length})`).join(', ')}`,
      ),
    ),
  );
}

async function route(): Promise<void> {
  const path = location.pathname;
  const list = /^\/campaigns\/list\/(\w+)/.exec(path);
  const one = /^\/campaigns\/(\d+)/.exec(path);
  for (const a of app.querySelectorAll('.sidebar a'))
    a.classList.toggle('active', a.getAttribute('data-tab') === list?.[1]);
  const section = main;
  section.dataset.ready = 'false';
  try {
    if (list) await listPage(list[1] ?? 'active');
    else if (one) await campaignPage(Number(one[1]));
    else main.replaceChildren(h('h1', {}, 'Страница не найдена'));
    section.dataset.ready = 'true';
  } catch (err) {
    main.replaceChildren(errorBox(err));
    section.dataset.ready = 'error';
  }
}

document.addEventListener('click', (e) => {
  const a = (e.target as HTMLElement).closest('a[data-link]');
  if (!a) return;
  e.preventDefault();
  history.pushState(null, '', a.getAttribute('href'));
  void route();
});
window.addEventListener('popstate', () => void route());

layout();
void route();
void api<{ balance: number }>('/api/v1/balance').then((b) => {
  const el = document.getElementById('cmp-balance');
  if (el) el.textContent = `Баланс: ${money(b.balance)}`;
});
