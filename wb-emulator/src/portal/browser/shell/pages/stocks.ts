import { ns, request, saveBlob } from '../../lib/api.ts';
import { cards, empty, h, int, label, pager, table, thumb } from '../../lib/ui.ts';
import type { PageContext } from '../context.ts';

interface StockItem {
  nmID: number;
  vendorCode: string;
  brandName: string;
  subjectName: string;
  title: string;
  photo: { tm: string; small: string; big: string };
  quantity: number;
  inWayToClient: number;
  inWayFromClient: number;
  sizes: Array<{ chrtID: number; techSize: string; barcode: string; quantity: number }>;
  warehouses: Array<{ warehouseId: number; warehouseName: string; quantity: number }>;
}
interface StocksReport {
  items: StockItem[];
  total: number;
  totals: { cards: number; quantity: number; inWayToClient: number; inWayFromClient: number };
  subjects: Array<{ id: number; name: string }>;
  snapshotAt: string;
}

export const title = 'Остатки';
const LIMIT = 20;
const BASE = '/ns/analytics-api/content-analytics/api/v2/stocks-report';

export async function render(root: HTMLElement, _ctx: PageContext): Promise<void> {
  const search = h('input', { type: 'search', placeholder: 'Артикул или название', name: 'search' });
  const subject = h('select', { name: 'subject' }, h('option', { value: '' }, 'Все предметы'));
  const hasStock = h(
    'select',
    { name: 'hasStock' },
    h('option', { value: '' }, 'Все'),
    h('option', { value: 'true' }, 'В наличии'),
    h('option', { value: 'false' }, 'Нет в наличии'),
  );
  const order = h(
    'select',
    { name: 'orderBy' },
    h('option', { value: 'quantity' }, 'По остатку'),
    h('option', { value: 'nmID' }, 'По артикулу WB'),
    h('option', { value: 'vendorCode' }, 'По артикулу продавца'),
  );
  const summary = h('div');
  const body = h('div', { class: 'panel' });
  let offset = 0;

  async function load(): Promise<void> {
    const data = await ns<StocksReport>('content', `${BASE}/report`, {
      body: {
        limit: LIMIT,
        offset,
        filters: {
          search: search.value,
          subjectId: subject.value ? Number(subject.value) : null,
          ...(hasStock.value ? { hasStock: hasStock.value === 'true' } : {}),
        },
        orderBy: { field: order.value, mode: 'desc' },
      },
    });
    if (subject.options.length === 1)
      for (const s of data.subjects) subject.append(h('option', { value: String(s.id) }, s.name));
    summary.replaceChildren(
      cards([
        ['Артикулов', int(data.totals.cards)],
        ['На складах, шт', int(data.totals.quantity)],
        ['В пути к клиенту', int(data.totals.inWayToClient)],
        ['В пути от клиента', int(data.totals.inWayFromClient)],
      ]),
    );
    body.replaceChildren(
      data.items.length
        ? table(
            [
              { title: '', cell: (s) => thumb(s.photo, s.title) },
              { title: 'Артикул WB', cell: (s) => String(s.nmID) },
              { title: 'Артикул продавца', cell: (s) => s.vendorCode },
              { title: 'Предмет', cell: (s) => s.subjectName },
              {
                title: 'Размеры',
                cell: (s) => s.sizes.map((z) => `${z.techSize}: ${z.quantity}`).join(', '),
                wrap: true,
              },
              {
                title: 'Склады',
                cell: (s) => s.warehouses.map((w) => `${w.warehouseName} ${w.quantity}`).join(', '),
                wrap: true,
              },
              { title: 'Остаток', cell: (s) => int(s.quantity), num: true },
              { title: 'В пути', cell: (s) => int(s.inWayToClient + s.inWayFromClient), num: true },
            ],
            data.items,
            { 'data-table': 'stocks' },
          )
        : empty(),
      pager(data.total, offset, LIMIT, (next) => {
        offset = next;
        void load();
      }),
      h('p', { class: 'muted' }, `Срез на ${new Date(data.snapshotAt).toLocaleString('ru-RU')}`),
    );
  }

  async function exportXlsx(): Promise<void> {
    const res = await request('content', `${BASE}/excel`, { query: { search: search.value } });
    saveBlob(await res.blob(), 'Остатки товаров.xlsx');
  }

  root.append(
    h('h1', {}, 'Остатки на складах WB'),
    h(
      'form',
      {
        class: 'filters',
        onsubmit: (e: Event) => {
          e.preventDefault();
          offset = 0;
          void load();
        },
      },
      label('Поиск', search),
      label('Предмет', subject),
      label('Наличие', hasStock),
      label('Сортировка', order),
      h('button', { type: 'submit' }, 'Показать'),
      h(
        'button',
        {
          type: 'button',
          class: 'secondary',
          onclick: () => void exportXlsx(),
          'data-action': 'export-xlsx',
        },
        'Скачать Excel',
      ),
    ),
    summary,
    body,
  );
  await load();
}
