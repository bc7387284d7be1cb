import { XLSX_TYPE, base64Blob, ns, request, saveBlob } from '../../lib/api.ts';
import { cards, empty, h, int, isoDay, label, money, pager, table, thumb } from '../../lib/ui.ts';
import type { PageContext } from '../context.ts';

interface GoodsRow {
  nm: number;
  vendorCode: string;
  title: string;
  subjectName: string;
  photo: string;
  ordersCount: number;
  ordersSum: number;
  buyoutsCount: number;
  buyoutsSum: number;
  returnsCount: number;
  buyoutPercent: number;
  stock: number;
}
interface GoodsReport {
  cards: GoodsRow[];
  count: number;
  total: {
    ordersCount: number;
    ordersSum: number;
    buyoutsCount: number;
    buyoutsSum: number;
    returnsCount: number;
    cancelCount: number;
  };
}
interface Regions {
  regions: Array<{
    regionName: string;
    oblastOkrugName: string;
    ordersCount: number;
    ordersSum: number;
    nms: Record<string, { ordersCount: number; ordersSum: number }>;
  }>;
  total: { ordersCount: number; ordersSum: number };
}

export const title = 'Аналитика';
const GOODS = '/ns/supplier-goods/analytics-back/api/v2/report';
const LIMIT = 15;

export async function render(root: HTMLElement, ctx: PageContext): Promise<void> {
  const today = new Date(`${ctx.today}T12:00:00Z`);
  const from = h('input', { type: 'date', value: isoDay(-13, today), name: 'dateFrom' });
  const to = h('input', { type: 'date', value: isoDay(0, today), name: 'dateTo' });
  const sort = h(
    'select',
    { name: 'orderBy' },
    ...[
      ['ordersSum', 'Сумма заказов'],
      ['ordersCount', 'Заказы, шт'],
      ['buyoutsCount', 'Выкупы'],
      ['stock', 'Остаток'],
    ].map(([v, t]) => h('option', { value: v }, t)),
  );
  const summary = h('div');
  const goods = h('div', { class: 'panel' });
  const regions = h('div', { class: 'panel' });
  let offset = 0;

  const period = () => ({ dateFrom: from.value, dateTo: to.value });

  async function loadGoods(): Promise<void> {
    const data = await ns<GoodsReport>('weekly', GOODS, {
      body: { ...period(), limit: LIMIT, offset, orderBy: { field: sort.value, mode: 'desc' } },
    });
    summary.replaceChildren(
      cards([
        ['Заказано', `${int(data.total.ordersCount)} шт`],
        ['На сумму', money(data.total.ordersSum)],
        ['Выкуплено', `${int(data.total.buyoutsCount)} на ${money(data.total.buyoutsSum)}`],
        ['Возвраты', int(data.total.returnsCount)],
      ]),
    );
    goods.replaceChildren(
      h('h2', {}, 'Отчёт по товарам'),
      data.cards.length
        ? table(
            [
              { title: '', cell: (r: GoodsRow) => thumb(r.photo, r.title) },
              { title: 'Артикул WB', cell: (r) => String(r.nm) },
              { title: 'Артикул продавца', cell: (r) => r.vendorCode },
              { title: 'Предмет', cell: (r) => r.subjectName },
              { title: 'Заказы', cell: (r) => int(r.ordersCount), num: true },
              { title: 'Сумма заказов', cell: (r) => money(r.ordersSum), num: true },
              { title: 'Выкупы', cell: (r) => int(r.buyoutsCount), num: true },
              { title: '% выкупа', cell: (r) => `${r.buyoutPercent}%`, num: true },
              { title: 'Остаток', cell: (r) => int(r.stock), num: true },
            ],
            data.cards,
            { 'data-table': 'goods' },
          )
        : empty(),
      pager(data.count, offset, LIMIT, (next) => {
        offset = next;
        void loadGoods();
      }),
    );
  }

  async function loadRegions(): Promise<void> {
    const data = await ns<Regions>('weekly', '/ns/region-sales/analytics-back/api/v1/region-sales', {
      query: period(),
    });
    regions.replaceChildren(
      h('h2', {}, 'Продажи по регионам'),
      table(
        [
          { title: 'Регион', cell: (r: Regions['regions'][number]) => r.regionName },
          { title: 'Округ', cell: (r) => r.oblastOkrugName },
          {
            title: 'Заказов',
            cell: (r) => int(r.ordersCount),
            num: true,
            footer: int(data.total.ordersCount),
          },
          { title: 'Сумма', cell: (r) => money(r.ordersSum), num: true, footer: money(data.total.ordersSum) },
          {
            title: 'Лидер региона',
            cell: (r) => {
              const top = Object.entries(r.nms).sort((a, b) => b[1].ordersSum - a[1].ordersSum)[0];
              return top ? `арт. ${top[0]} — ${int(top[1].ordersCount)} шт` : '—';
            },
          },
        ],
        data.regions,
        { 'data-table': 'regions' },
      ),
    );
  }

  async function exportBase64(): Promise<void> {
    const b64 = await ns<string>('weekly', `${GOODS}/excel`, { query: period() });
    saveBlob(base64Blob(b64, XLSX_TYPE), 'Отчет по товарам.xlsx');
  }
  async function exportZip(): Promise<void> {
    const res = await request('weekly', `${GOODS}/excel`, { query: { ...period(), format: 'binary' } });
    saveBlob(await res.blob(), 'Отчет по товарам.zip');
  }

  root.append(
    h('h1', {}, 'Аналитика продаж'),
    h(
      'form',
      {
        class: 'filters',
        onsubmit: (e: Event) => {
          e.preventDefault();
          offset = 0;
          void Promise.all([loadGoods(), loadRegions()]);
        },
      },
      label('С', from),
      label('По', to),
      label('Сортировка', sort),
      h('button', { type: 'submit' }, 'Показать'),
      h(
        'button',
        {
          type: 'button',
          class: 'secondary',
          onclick: () => void exportBase64(),
          'data-action': 'export-base64',
        },
        'Excel',
      ),
      h(
        'button',
        { type: 'button', class: 'secondary', onclick: () => void exportZip(), 'data-action': 'export-zip' },
        'Excel (zip)',
      ),
    ),
    summary,
    goods,
    regions,
  );
  await Promise.all([loadGoods(), loadRegions()]);
}
