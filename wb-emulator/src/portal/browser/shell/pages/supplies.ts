import { ApiError, rpc, rpcBatch } from '../../lib/api.ts';
import { urlOf } from '../../lib/hosts.ts';
import { dateTime, empty, h, int, label, pager, table, thumb } from '../../lib/ui.ts';
import type { PageContext } from '../context.ts';

interface Supply {
  supplyID: number;
  statusName: string;
  warehouseName: string;
  supplyDate: string;
  factDate: string;
  boxTypeName: string;
  detailsQuantity: number;
  incomeQuantity: number;
  nmIDs: number[];
}
interface SupplyLine {
  nmID: number;
  vendorCode: string;
  barcode: string;
  techSize: string;
  subjectName: string;
  quantity: number;
  photo: string;
}
interface Details {
  data: SupplyLine[];
  totalCount: number;
  totalQuantity: number;
}

export const title = 'Поставки';
const BASE = '/ns/sm-supply/supply-manager/api/v1/supply';
const PAGE_SIZE = 10;

export async function render(root: HTMLElement, _ctx: PageContext): Promise<void> {
  const search = h('input', { type: 'search', placeholder: 'Номер поставки или артикул', name: 'search' });
  const body = h('div', { class: 'panel' });
  const details = h('div', { class: 'panel', hidden: true, 'data-panel': 'supply-details' });
  let pageNumber = 1;

  function showDetails(s: Supply, d: Details): void {
    details.hidden = false;
    details.replaceChildren(
      h('h2', {}, `Поставка №${s.supplyID} — ${s.warehouseName}`),
      h(
        'p',
        {},
        `Товаров: ${int(d.totalCount)}, единиц: ${int(d.totalQuantity)}. `,
        h(
          'a',
          {
            href: urlOf('supply', `${BASE}/export`, { supplyID: s.supplyID }),
            download: '',
            'data-action': 'supply-csv',
          },
          'Скачать CSV',
        ),
      ),
      table(
        [
          { title: '', cell: (l: SupplyLine) => thumb(l.photo, l.vendorCode) },
          { title: 'Артикул WB', cell: (l) => String(l.nmID) },
          { title: 'Артикул продавца', cell: (l) => l.vendorCode },
          { title: 'Баркод', cell: (l) => l.barcode },
          { title: 'Размер', cell: (l) => l.techSize },
          { title: 'Предмет', cell: (l) => l.subjectName },
          { title: 'Количество', cell: (l) => int(l.quantity), num: true },
        ],
        d.data,
        { 'data-table': 'supply-details' },
      ),
    );
  }

  async function load(): Promise<void> {
    const list = await rpc<{ data: Supply[]; totalCount: number }>('supply', `${BASE}/listSupplies`, {
      pageNumber,
      pageSize: PAGE_SIZE,
      filter: { search: search.value },
    });
    // One JSON-RPC batch for the details of every supply on the page.
    const batch = await rpcBatch<Details>(
      'supply',
      BASE,
      list.data.map((s) => ({ method: 'supplyDetails', params: { supplyID: s.supplyID, pageSize: 100 } })),
    );
    const byId = new Map(list.data.map((s, i) => [s.supplyID, batch[i]]));
    body.replaceChildren(
      list.data.length
        ? table(
            [
              { title: '№ поставки', cell: (s: Supply) => String(s.supplyID) },
              { title: 'Статус', cell: (s) => h('span', { class: 'badge ok' }, s.statusName) },
              { title: 'Склад', cell: (s) => s.warehouseName },
              { title: 'Плановая дата', cell: (s) => dateTime(s.supplyDate) },
              { title: 'Принята', cell: (s) => dateTime(s.factDate) },
              { title: 'Артикулов', cell: (s) => int(s.nmIDs.length), num: true },
              { title: 'Единиц', cell: (s) => int(s.incomeQuantity), num: true },
              {
                title: '',
                cell: (s) =>
                  h(
                    'button',
                    {
                      class: 'secondary',
                      'data-action': 'supply-open',
                      onclick: () => {
                        const d = byId.get(s.supplyID);
                        if (d && !(d instanceof ApiError)) showDetails(s, d);
                      },
                    },
                    'Состав',
                  ),
              },
            ],
            list.data,
            { 'data-table': 'supplies' },
          )
        : empty('Поставок нет'),
      pager(list.totalCount, (pageNumber - 1) * PAGE_SIZE, PAGE_SIZE, (offset) => {
        pageNumber = offset / PAGE_SIZE + 1;
        void load();
      }),
    );
  }

  root.append(
    h('h1', {}, 'Поставки FBW'),
    h(
      'form',
      {
        class: 'filters',
        onsubmit: (e: Event) => {
          e.preventDefault();
          pageNumber = 1;
          void load();
        },
      },
      label('Поиск', search),
      h('button', { type: 'submit' }, 'Найти'),
    ),
    body,
    details,
  );
  await load();
}
