import { ns } from '../../lib/api.ts';
import { urlOf } from '../../lib/hosts.ts';
import { setCheck } from '../../lib/status.ts';
import { cards, date, empty, h, int, isoDay, label, money, pager, table, toast } from '../../lib/ui.ts';
import type { PageContext } from '../context.ts';

export interface ReportItem {
  id: number;
  dateFrom: string;
  dateTo: string;
  createDate: string;
  totalSale: number;
  forPay: number;
  deliveryRub: number;
  storageFee: number;
  penalty: number;
  deduction: number;
  acceptance: number;
  additionalPayment: number;
  bankPaymentSum: number;
  salesCount: number;
  returnsCount: number;
  paymentStatus: string;
}
interface Reports {
  reports: ReportItem[];
  count: number;
  totals: Omit<ReportItem, 'id' | 'dateFrom' | 'dateTo' | 'createDate' | 'paymentStatus'>;
}

export const title = 'Финансовые отчёты';
const LIMIT = 10;
export const REPORTS_ROUTE = '/suppliers-mutual-settlements/reports-implementations/reports-weekly-new';

export async function render(root: HTMLElement, ctx: PageContext): Promise<void> {
  const today = new Date(`${ctx.today}T12:00:00Z`);
  const from = h('input', {
    type: 'date',
    value: ctx.query.get('dateFrom') ?? isoDay(-90, today),
    name: 'dateFrom',
  });
  const to = h('input', { type: 'date', value: ctx.query.get('dateTo') ?? isoDay(0, today), name: 'dateTo' });
  const summary = h('div');
  const body = h('div', { class: 'panel' });
  let skip = 0;

  if (ctx.query.get('requested') === '1') {
    const text = `Отчёт за период ${date(ctx.query.get('dateFrom'))} — ${date(ctx.query.get('dateTo'))} поставлен в очередь`;
    setCheck('formPost', 'ok', text);
    toast(text);
  }

  async function load(): Promise<void> {
    const data = await ns<Reports>('services', '/ns/reports/seller-wb-balance/api/v1/reports-weekly', {
      query: { dateFrom: from.value, dateTo: to.value, limit: LIMIT, skip },
    });
    summary.replaceChildren(
      cards([
        ['Отчётов', int(data.count)],
        ['Продажи', money(data.totals.totalSale)],
        ['К перечислению за товар', money(data.totals.forPay)],
        ['Логистика', money(data.totals.deliveryRub)],
        ['Итого к оплате', money(data.totals.bankPaymentSum)],
      ]),
    );
    body.replaceChildren(
      data.reports.length
        ? table(
            [
              {
                title: '№ отчёта',
                cell: (r: ReportItem) =>
                  h(
                    'a',
                    { href: `${REPORTS_ROUTE}/${r.id}`, 'data-link': '', 'data-report': String(r.id) },
                    String(r.id),
                  ),
              },
              { title: 'Период', cell: (r) => `${date(r.dateFrom)} — ${date(r.dateTo)}` },
              { title: 'Сформирован', cell: (r) => date(r.createDate) },
              {
                title: 'Продажи',
                cell: (r) => money(r.totalSale),
                num: true,
                footer: money(data.totals.totalSale),
              },
              {
                title: 'К перечислению',
                cell: (r) => money(r.forPay),
                num: true,
                footer: money(data.totals.forPay),
              },
              {
                title: 'Логистика',
                cell: (r) => money(r.deliveryRub),
                num: true,
                footer: money(data.totals.deliveryRub),
              },
              {
                title: 'Хранение',
                cell: (r) => money(r.storageFee),
                num: true,
                footer: money(data.totals.storageFee),
              },
              {
                title: 'Штрафы',
                cell: (r) => money(r.penalty),
                num: true,
                footer: money(data.totals.penalty),
              },
              {
                title: 'Удержания',
                cell: (r) => money(r.deduction),
                num: true,
                footer: money(data.totals.deduction),
              },
              {
                title: 'Итого к оплате',
                cell: (r) => h('b', {}, money(r.bankPaymentSum)),
                num: true,
                footer: money(data.totals.bankPaymentSum),
              },
              { title: 'Статус', cell: (r) => h('span', { class: 'badge ok' }, r.paymentStatus) },
            ],
            data.reports,
            { 'data-table': 'reports' },
          )
        : empty('Отчётов за период нет'),
      pager(data.count, skip, LIMIT, (next) => {
        skip = next;
        void load();
      }),
    );
  }

  // "Report for a period": a real HTML form posted to seller-services, which redirects back here.
  const requestForm = h(
    'form',
    {
      method: 'post',
      action: urlOf('services', '/ns/reports/seller-wb-balance/api/v1/reports-weekly/request-form'),
      class: 'filters',
      'data-form': 'request-report',
    },
    label(
      'Отчёт за период с',
      h('input', { type: 'date', name: 'dateFrom', value: isoDay(-30, today), required: true }),
    ),
    label('по', h('input', { type: 'date', name: 'dateTo', value: isoDay(-1, today), required: true })),
    h('button', { type: 'submit', class: 'secondary' }, 'Заказать отчёт'),
  );

  root.append(
    h('h1', {}, 'Еженедельные отчёты о реализации'),
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
      label('С', from),
      label('По', to),
      h('button', { type: 'submit' }, 'Показать'),
    ),
    summary,
    body,
    h('div', { class: 'panel' }, h('h2', {}, 'Детализация за произвольный период'), requestForm),
  );
  await load();
}
