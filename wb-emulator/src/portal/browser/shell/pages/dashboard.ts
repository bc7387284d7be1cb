import { ns } from '../../lib/api.ts';
import { cards, h, int, money, table, thumb } from '../../lib/ui.ts';
import { inWorker } from '../../lib/worker-client.ts';
import type { PageContext } from '../context.ts';

interface Summary {
  today: { ordersCount: number; ordersSum: number; cancelCount: number };
  yesterday: { ordersCount: number; ordersSum: number };
  topProducts: Array<{
    nmId: number;
    vendorCode: string;
    title: string;
    photo: { tm: string; small: string; big: string };
    ordersCount: number;
    ordersSum: number;
  }>;
  unansweredFeedbacks: number;
  unansweredQuestions: number;
  cards: number;
}

export const title = 'Главная';

export async function render(root: HTMLElement, ctx: PageContext): Promise<void> {
  const [summary, balance, banners] = await Promise.all([
    ns<Summary>('shell', '/ns/dashboard/suppliers-portal-core/api/v1/summary'),
    ns<{ current: number; forWithdraw: number }>('services', '/ns/reports/seller-wb-balance/api/v1/balance'),
    ns<{ banners: Array<{ id: number; title: string; image: string; link: string }> }>(
      'communications',
      '/ns/banners/api/v1/banners',
    ),
  ]);
  const stats = await inWorker({ type: 'stats', values: summary.topProducts.map((p) => p.ordersSum) });
  root.append(
    h('h1', {}, ctx.state.supplier.name),
    cards([
      ['Заказы сегодня', `${int(summary.today.ordersCount)} на ${money(summary.today.ordersSum)}`],
      ['Заказы вчера', `${int(summary.yesterday.ordersCount)} на ${money(summary.yesterday.ordersSum)}`],
      ['Баланс', money(balance.current)],
      ['К выводу', money(balance.forWithdraw)],
      ['Отзывы без ответа', int(summary.unansweredFeedbacks)],
      ['Вопросы без ответа', int(summary.unansweredQuestions)],
    ]),
    h(
      'div',
      { class: 'panel' },
      h('h2', {}, 'Лидеры продаж за 7 дней'),
      table(
        [
          { title: '', cell: (p) => thumb(p.photo, p.title) },
          { title: 'Артикул WB', cell: (p) => String(p.nmId) },
          { title: 'Артикул продавца', cell: (p) => p.vendorCode },
          { title: 'Товар', cell: (p) => p.title, wrap: true },
          { title: 'Заказов', cell: (p) => int(p.ordersCount), num: true },
          { title: 'Сумма', cell: (p) => money(p.ordersSum), num: true, footer: money(stats.sum) },
        ],
        summary.topProducts,
        { 'data-table': 'top-products' },
      ),
      h('p', { class: 'muted' }, `Средняя выручка лидера: ${money(stats.mean)} (посчитано в Web Worker)`),
    ),
    h(
      'div',
      { class: 'banner' },
      ...banners.banners.map((b) =>
        h('a', { href: b.link, target: '_blank', rel: 'noopener' }, h('img', { src: b.image, alt: b.title })),
      ),
    ),
  );
}
