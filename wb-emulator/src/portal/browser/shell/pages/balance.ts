import { ns } from '../../lib/api.ts';
import { cards, date, h, int, money, pager, table } from '../../lib/ui.ts';
import type { PageContext } from '../context.ts';

interface Balance {
  current: number;
  forWithdraw: number;
  currentPeriod: {
    dateFrom: string;
    dateTo: string;
    reports: number;
    totalSale: number;
    forPay: number;
    deliveryRub: number;
    storageFee: number;
    penalty: number;
    deduction: number;
    acceptance: number;
    additionalPayment: number;
    bankPaymentSum: number;
  };
  lastReport: { id: number; dateFrom: string; dateTo: string; bankPaymentSum: number } | null;
}
interface Payout {
  reportId: number;
  period: string;
  payoutDate: string;
  amount: number;
  status: string;
}

export const title = 'Баланс';
const LIMIT = 10;

export async function render(root: HTMLElement, _ctx: PageContext): Promise<void> {
  const b = await ns<Balance>('services', '/ns/reports/seller-wb-balance/api/v1/balance');
  const history = h('div', { class: 'panel' });
  let skip = 0;
  async function loadPayouts(): Promise<void> {
    const data = await ns<{ payouts: Payout[]; count: number }>(
      'services',
      '/ns/reports/seller-wb-balance/api/v1/balance/payouts',
      { query: { limit: LIMIT, skip } },
    );
    history.replaceChildren(
      h('h2', {}, 'Выплаты'),
      table(
        [
          { title: 'Отчёт', cell: (p: Payout) => String(p.reportId) },
          { title: 'Период', cell: (p) => p.period },
          { title: 'Дата выплаты', cell: (p) => date(p.payoutDate) },
          { title: 'Сумма', cell: (p) => money(p.amount), num: true },
          {
            title: 'Статус',
            cell: (p) => h('span', { class: `badge ${p.status === 'Выплачено' ? 'ok' : 'warn'}` }, p.status),
          },
        ],
        data.payouts,
        { 'data-table': 'payouts' },
      ),
      pager(data.count, skip, LIMIT, (next) => {
        skip = next;
        void loadPayouts();
      }),
    );
  }
  const p = b.currentPeriod;
  root.append(
    h('h1', {}, 'Баланс'),
    cards([
      ['Текущий баланс', h('span', { 'data-balance': 'current' }, money(b.current))],
      ['Доступно к выводу', h('span', { 'data-balance': 'withdraw' }, money(b.forWithdraw))],
      ['Последний отчёт', b.lastReport ? `№${b.lastReport.id}: ${money(b.lastReport.bankPaymentSum)}` : '—'],
    ]),
    h(
      'div',
      { class: 'panel' },
      h(
        'h2',
        {},
        `Начисления с ${date(p.dateFrom)} по ${date(p.dateTo)} (${int(p.reports)} ежедневных отчётов)`,
      ),
      h(
        'dl',
        { class: 'kv' },
        ...(
          [
            ['Продажи', p.totalSale],
            ['К перечислению за товар', p.forPay],
            ['Логистика', -p.deliveryRub],
            ['Хранение', -p.storageFee],
            ['Платная приёмка', -p.acceptance],
            ['Штрафы', -p.penalty],
            ['Удержания', -p.deduction],
            ['Доплаты', p.additionalPayment],
            ['Итого', p.bankPaymentSum],
          ] as Array<[string, number]>
        ).flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, money(v))]),
      ),
    ),
    history,
  );
  await loadPayouts();
}
