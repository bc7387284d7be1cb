import { ns, saveBlob, xhrDownload } from '../../lib/api.ts';
import {
  cards,
  date,
  dateTime,
  empty,
  h,
  int,
  isoDay,
  label,
  money,
  pager,
  table,
  thumb,
} from '../../lib/ui.ts';
import { inWorker } from '../../lib/worker-client.ts';
import type { PageContext } from '../context.ts';

interface Order {
  srid: string;
  orderDate: string;
  nmId: number;
  supplierArticle: string;
  title: string;
  techSize: string;
  warehouseName: string;
  regionName: string;
  finishedPrice: number;
  status: string;
  statusName: string;
  photo: { tm: string; small: string; big: string };
}
interface Orders {
  orders: Order[];
  total: number;
  totals: { count: number; sum: number; cancelledCount: number; cancelledSum: number; soldCount: number };
  warehouses: string[];
}

export const title = 'Заказы';
const LIMIT = 20;
const PATH = '/ns/orders/analytics-back/api/v1/orders';

export async function render(root: HTMLElement, ctx: PageContext): Promise<void> {
  const today = new Date(`${ctx.today}T12:00:00Z`);
  const from = h('input', {
    type: 'date',
    value: ctx.query.get('dateFrom') ?? isoDay(-6, today),
    name: 'dateFrom',
  });
  const to = h('input', { type: 'date', value: ctx.query.get('dateTo') ?? isoDay(0, today), name: 'dateTo' });
  const status = h(
    'select',
    { name: 'status' },
    ...[
      ['', 'Все'],
      ['new', 'В пути'],
      ['sold', 'Выкуп'],
      ['cancelled', 'Отмена'],
      ['refused', 'Отказ'],
      ['returned', 'Возврат'],
    ].map(([v, t]) => h('option', { value: v }, t)),
  );
  const search = h('input', { type: 'search', placeholder: 'Артикул, баркод, srid', name: 'search' });
  const warehouse = h('select', { name: 'warehouse' }, h('option', { value: '' }, 'Все склады'));
  const summary = h('div');
  const body = h('div', { class: 'panel' });
  const note = h('p', { class: 'muted' });
  let offset = 0;

  const query = () => ({
    dateFrom: from.value,
    dateTo: to.value,
    status: status.value,
    search: search.value,
    warehouse: warehouse.value,
  });

  async function load(): Promise<void> {
    const data = await ns<Orders>('weekly', PATH, { query: { ...query(), limit: LIMIT, offset } });
    if (warehouse.options.length === 1)
      for (const w of data.warehouses) warehouse.append(h('option', { value: w }, w));
    summary.replaceChildren(
      cards([
        ['Заказов', int(data.totals.count)],
        ['На сумму', money(data.totals.sum)],
        ['Выкуплено', int(data.totals.soldCount)],
        ['Отменено', `${int(data.totals.cancelledCount)} на ${money(data.totals.cancelledSum)}`],
      ]),
    );
    body.replaceChildren(
      data.orders.length
        ? table(
            [
              { title: '', cell: (o) => thumb(o.photo, o.title) },
              { title: 'Дата', cell: (o) => dateTime(o.orderDate) },
              { title: 'Артикул WB', cell: (o) => String(o.nmId) },
              { title: 'Артикул продавца', cell: (o) => o.supplierArticle },
              { title: 'Размер', cell: (o) => o.techSize },
              { title: 'Склад', cell: (o) => o.warehouseName },
              { title: 'Регион', cell: (o) => o.regionName },
              {
                title: 'Статус',
                cell: (o) =>
                  h(
                    'span',
                    {
                      class: `badge ${o.status === 'sold' ? 'ok' : o.status === 'cancelled' || o.status === 'returned' ? 'bad' : ''}`,
                    },
                    o.statusName,
                  ),
              },
              { title: 'Сумма', cell: (o) => money(o.finishedPrice), num: true },
            ],
            data.orders,
            { 'data-table': 'orders' },
          )
        : empty('Заказов за период нет'),
      pager(data.total, offset, LIMIT, (next) => {
        offset = next;
        void load();
      }),
    );
  }

  async function exportCsv(): Promise<void> {
    note.textContent = 'Готовим файл…';
    const file = await xhrDownload('weekly', `${PATH}/export`, { ...query(), format: 'csv' });
    const result = await inWorker({ type: 'csv', text: await file.blob.text(), sumColumn: 'Сумма заказа' });
    note.textContent = `Выгружено ${int(result.rows)} строк на ${money(result.sum)} (проверено в Web Worker)`;
    note.dataset.exportRows = String(result.rows);
    saveBlob(file.blob, file.name);
  }

  const filters = h(
    'form',
    {
      class: 'filters',
      onsubmit: (e: Event) => {
        e.preventDefault();
        offset = 0;
        void load();
      },
    },
    label('С', from),
    label('По', to),
    label('Статус', status),
    label('Склад', warehouse),
    label('Поиск', search),
    h('button', { type: 'submit' }, 'Показать'),
    h(
      'button',
      { type: 'button', class: 'secondary', onclick: () => void exportCsv(), 'data-action': 'export-csv' },
      'Скачать CSV',
    ),
  );
  root.append(
    h('h1', {}, 'Заказы'),
    h('p', { class: 'muted' }, `Данные на ${date(ctx.today)}`),
    filters,
    summary,
    note,
    body,
  );
  await load();
}
