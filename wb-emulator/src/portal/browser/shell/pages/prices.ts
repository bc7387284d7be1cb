import { XLSX_TYPE, base64Blob, ns, saveBlob } from '../../lib/api.ts';
import { empty, h, int, label, money, pager, table, thumb } from '../../lib/ui.ts';
import type { PageContext } from '../context.ts';

interface Good {
  nmID: number;
  vendorCode: string;
  brand: string;
  subjectName: string;
  title: string;
  photo: string;
  price: number;
  discount: number;
  discountedPrice: number;
  clubDiscount: number;
  clubDiscountedPrice: number;
  quantity: number;
  sizes: Array<{ techSizeName: string }>;
}

export const title = 'Цены и скидки';
const BASE = '/ns/dp-api/discounts-prices/suppliers/api/v1/list/goods';
const LIMIT = 20;

export async function render(root: HTMLElement, _ctx: PageContext): Promise<void> {
  const search = h('input', { type: 'search', placeholder: 'Артикул или баркод', name: 'search' });
  const sort = h(
    'select',
    { name: 'sort' },
    ...[
      ['nmID', 'Артикул WB'],
      ['price', 'Цена'],
      ['discount', 'Скидка'],
      ['quantity', 'Остаток'],
    ].map(([v, t]) => h('option', { value: v }, t)),
  );
  const leftovers = h('input', { type: 'checkbox', name: 'filterWithLeftovers' });
  const body = h('div', { class: 'panel' });
  const note = h('p', { class: 'muted' });
  let offset = 0;

  const filter = () => ({
    search: search.value,
    sort: sort.value,
    sortOrder: 'desc',
    filterWithLeftovers: leftovers.checked,
  });

  async function load(): Promise<void> {
    const data = await ns<{ listGoods: Good[]; countGoods: number }>('prices', `${BASE}/filter`, {
      body: { ...filter(), limit: LIMIT, offset },
    });
    body.replaceChildren(
      h('p', { class: 'muted' }, `Товаров: ${int(data.countGoods)}`),
      data.listGoods.length
        ? table(
            [
              { title: '', cell: (g: Good) => thumb(g.photo, g.title) },
              { title: 'Артикул WB', cell: (g) => String(g.nmID) },
              { title: 'Артикул продавца', cell: (g) => g.vendorCode },
              { title: 'Бренд', cell: (g) => g.brand },
              { title: 'Размеры', cell: (g) => g.sizes.map((s) => s.techSizeName).join(', ') },
              { title: 'Цена', cell: (g) => money(g.price), num: true },
              { title: 'Скидка', cell: (g) => `${g.discount}%`, num: true },
              { title: 'Цена со скидкой', cell: (g) => money(g.discountedPrice), num: true },
              { title: 'С WB Клубом', cell: (g) => money(g.clubDiscountedPrice), num: true },
              { title: 'Остаток', cell: (g) => int(g.quantity), num: true },
            ],
            data.listGoods,
            { 'data-table': 'prices' },
          )
        : empty(),
      pager(data.countGoods, offset, LIMIT, (next) => {
        offset = next;
        void load();
      }),
    );
  }

  async function exportExcel(): Promise<void> {
    const data = await ns<{ listGoodsExcel: string; fileName: string }>('prices', `${BASE}/excel`, {
      body: filter(),
    });
    const blob = base64Blob(data.listGoodsExcel, XLSX_TYPE);
    note.textContent = `Файл «${data.fileName}» готов (${int(blob.size)} байт)`;
    saveBlob(blob, data.fileName);
  }

  root.append(
    h('h1', {}, 'Цены и скидки'),
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
      label('Сортировка', sort),
      label('Только с остатком', leftovers),
      h('button', { type: 'submit' }, 'Показать'),
      h(
        'button',
        {
          type: 'button',
          class: 'secondary',
          onclick: () => void exportExcel(),
          'data-action': 'export-prices',
        },
        'Скачать шаблон Excel',
      ),
    ),
    note,
    body,
  );
  await load();
}
