import { base64Blob, ns, saveBlob, xhrDownload } from '../../lib/api.ts';
import { originOf } from '../../lib/hosts.ts';
import { setCheck } from '../../lib/status.ts';
import { cards, date, empty, h, int, label, money, pager, table } from '../../lib/ui.ts';
import type { PageContext } from '../context.ts';
import { REPORTS_ROUTE, type ReportItem } from './reports.ts';

type Line = Record<string, string | number | null>;
interface Details {
  details: Line[];
  count: number;
  totals: Record<string, number>;
}

export const title = 'Детализация отчёта';
const BASE = '/ns/reports/seller-wb-balance/api/v1';
const LIMIT = 25;

export async function render(root: HTMLElement, ctx: PageContext): Promise<void> {
  const id = ctx.params[0] ?? '';
  const { report } = await ns<{ report: ReportItem }>('services', `${BASE}/reports-weekly/${id}`);
  const search = h('input', { type: 'search', placeholder: 'Артикул WB или продавца', name: 'searchValue' });
  const docType = h(
    'select',
    { name: 'docType' },
    h('option', { value: '' }, 'Все операции'),
    h('option', { value: 'Продажа' }, 'Продажа'),
    h('option', { value: 'Возврат' }, 'Возврат'),
  );
  const body = h('div', { class: 'panel' });
  const note = h('p', { class: 'muted', 'data-note': 'downloads' });
  let skip = 0;

  async function load(): Promise<void> {
    const data = await ns<Details>('services', `${BASE}/reports/${id}/details`, {
      query: { limit: LIMIT, skip, searchValue: search.value, docType: docType.value },
    });
    body.replaceChildren(
      data.details.length
        ? table(
            [
              { title: 'Код номенклатуры', cell: (l: Line) => String(l.nm_id || '—') },
              { title: 'Артикул поставщика', cell: (l) => String(l.sa_name || '') },
              { title: 'Обоснование', cell: (l) => String(l.supplier_oper_name ?? '') },
              { title: 'Тип документа', cell: (l) => String(l.doc_type_name ?? '') },
              { title: 'Дата', cell: (l) => date(l.rr_dt) },
              {
                title: 'Реализовано',
                cell: (l) => money(l.retail_amount),
                num: true,
                footer: money(data.totals.totalSale),
              },
              {
                title: 'К перечислению',
                cell: (l) => money(l.ppvz_for_pay),
                num: true,
                footer: money(data.totals.forPay),
              },
              {
                title: 'Логистика',
                cell: (l) => money(l.delivery_rub),
                num: true,
                footer: money(data.totals.deliveryRub),
              },
              {
                title: 'Хранение',
                cell: (l) => money(l.storage_fee),
                num: true,
                footer: money(data.totals.storageFee),
              },
              {
                title: 'Штраф',
                cell: (l) => money(l.penalty),
                num: true,
                footer: money(data.totals.penalty),
              },
            ],
            data.details,
            { 'data-table': 'report-details' },
          )
        : empty(),
      pager(data.count, skip, LIMIT, (next) => {
        skip = next;
        void load();
      }),
    );
  }

  const download = async (kind: 'base64' | 'binary' | 'xlsx') => {
    if (kind === 'base64') {
      const file = await ns<{ file: string; name: string }>(
        'services',
        `${BASE}/reports/${id}/details/archived-excel`,
      );
      const blob = base64Blob(file.file, 'application/zip');
      note.textContent = `Архив ${file.name}: ${int(blob.size)} байт`;
      saveBlob(blob, file.name);
    } else {
      const path =
        kind === 'binary'
          ? `${BASE}/reports/${id}/details/archived-excel`
          : `${BASE}/reports-weekly/${id}/details/excel`;
      const file = await xhrDownload('services', path, kind === 'binary' ? { format: 'binary' } : {});
      note.textContent = `Файл ${file.name}: ${int(file.blob.size)} байт`;
      saveBlob(file.blob, file.name);
    }
  };

  const openWindow = () => {
    const w = window.open(
      `${originOf('shell')}${REPORTS_ROUTE}/${id}?print=1`,
      `report-${id}`,
      'popup,width=1100,height=800',
    );
    setCheck('windowOpen', w ? 'ok' : 'fail', w ? `отчёт №${id} в новом окне` : 'окно заблокировано');
  };

  root.append(
    h('p', {}, h('a', { href: REPORTS_ROUTE, 'data-link': '' }, '← Все отчёты')),
    h('h1', {}, `Отчёт №${report.id}: ${date(report.dateFrom)} — ${date(report.dateTo)}`),
    cards([
      ['Продажи', money(report.totalSale)],
      ['К перечислению', money(report.forPay)],
      ['Логистика', money(report.deliveryRub)],
      ['Хранение', money(report.storageFee)],
      ['Штрафы и удержания', money(report.penalty + report.deduction)],
      ['Итого к оплате', money(report.bankPaymentSum)],
    ]),
    h(
      'div',
      { class: 'filters' },
      h(
        'button',
        { class: 'secondary', onclick: () => void download('base64'), 'data-action': 'download-archive' },
        'Скачать архив',
      ),
      h(
        'button',
        { class: 'secondary', onclick: () => void download('binary'), 'data-action': 'download-zip' },
        'Скачать zip (XHR)',
      ),
      h(
        'button',
        { class: 'secondary', onclick: () => void download('xlsx'), 'data-action': 'download-xlsx' },
        'Скачать Excel',
      ),
      h(
        'button',
        { class: 'secondary', onclick: openWindow, 'data-action': 'open-window' },
        'Открыть в новом окне',
      ),
    ),
    note,
    h(
      'form',
      {
        class: 'filters',
        onsubmit: (e: Event) => {
          e.preventDefault();
          skip = 0;
          void load();
        },
      },
      label('Поиск', search),
      label('Операция', docType),
      h('button', { type: 'submit' }, 'Найти'),
    ),
    body,
  );
  await load();
}
