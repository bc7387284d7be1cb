import { ns } from '../../lib/api.ts';
import { dateTime, empty, h, int, label, stars, thumb } from '../../lib/ui.ts';
import type { PageContext } from '../context.ts';

interface Feedback {
  id: string;
  text: string;
  pros: string;
  cons: string;
  valuation: number;
  createdDate: string;
  userName: string;
  answer: { text: string } | null;
  productInfo: {
    wbArticle: number;
    supplierArticle: string;
    name: string;
    brand: string;
    size: string;
    photo: string;
  };
  photos: Array<{ fullSize: string; miniSize: string }>;
}
interface Feedbacks {
  feedbacks: Feedback[];
  total: number;
  countUnanswered: number;
  countArchive: number;
  pages: { next: string | null; last: boolean };
}

export const title = 'Отзывы';
const PATH = '/ns/fa-seller-api/reviews-ext-seller-portal/api/v2/feedbacks';

export async function render(root: HTMLElement, _ctx: PageContext): Promise<void> {
  let answered = false;
  let cursor: string | null = null;
  const valuation = h(
    'select',
    { name: 'valuation' },
    h('option', { value: '' }, 'Все оценки'),
    ...[5, 4, 3, 2, 1].map((v) => h('option', { value: String(v) }, '★'.repeat(v))),
  );
  const search = h('input', { type: 'search', placeholder: 'Текст или артикул', name: 'search' });
  const tabs = h('div', { class: 'tabs' });
  const list = h('div', { class: 'panel', 'data-list': 'feedbacks' });
  const more = h('button', { class: 'secondary', 'data-action': 'more' }, 'Показать ещё');

  function item(f: Feedback): HTMLElement {
    return h(
      'div',
      { class: 'review', 'data-feedback': f.id },
      thumb(f.productInfo.photo, f.productInfo.name),
      h(
        'div',
        {},
        h(
          'div',
          {},
          stars(f.valuation),
          ' ',
          h('b', {}, f.userName),
          ' ',
          h('span', { class: 'muted' }, dateTime(f.createdDate)),
        ),
        h(
          'div',
          { class: 'muted' },
          `${f.productInfo.name} · арт. ${f.productInfo.wbArticle} · ${f.productInfo.supplierArticle} · размер ${f.productInfo.size}`,
        ),
        h('p', {}, f.text),
        f.pros ? h('div', {}, h('b', {}, 'Достоинства: '), f.pros) : null,
        f.cons ? h('div', {}, h('b', {}, 'Недостатки: '), f.cons) : null,
        f.photos.length
          ? h(
              'div',
              { class: 'photos' },
              ...f.photos.map((p) =>
                h('img', {
                  src: p.miniSize,
                  srcset: `${p.miniSize} 1x, ${p.fullSize} 2x`,
                  alt: 'фото покупателя',
                }),
              ),
            )
          : null,
        f.answer ? h('div', { class: 'answer' }, h('b', {}, 'Ваш ответ: '), f.answer.text) : null,
      ),
    );
  }

  async function load(append: boolean): Promise<void> {
    const data = await ns<Feedbacks>('reviews', PATH, {
      query: {
        isAnswered: answered,
        limit: 10,
        cursor: append ? cursor : null,
        valuations: valuation.value ? [valuation.value] : [],
        searchText: search.value,
        sortOrder: 'dateDesc',
      },
    });
    cursor = data.pages.next;
    tabs.replaceChildren(
      h(
        'button',
        { class: answered ? '' : 'active', onclick: () => switchTab(false), 'data-tab': 'unanswered' },
        `Ждут ответа (${int(data.countUnanswered)})`,
      ),
      h(
        'button',
        { class: answered ? 'active' : '', onclick: () => switchTab(true), 'data-tab': 'archive' },
        `Архив (${int(data.countArchive)})`,
      ),
    );
    if (!append) list.replaceChildren();
    if (!data.feedbacks.length && !append) list.append(empty('Отзывов нет'));
    list.append(...data.feedbacks.map(item));
    more.hidden = data.pages.last;
    list.dataset.total = String(data.total);
  }

  function switchTab(value: boolean): void {
    answered = value;
    void load(false);
  }
  more.addEventListener('click', () => void load(true));

  root.append(
    h('h1', {}, 'Отзывы'),
    tabs,
    h(
      'form',
      {
        class: 'filters',
        onsubmit: (e: Event) => {
          e.preventDefault();
          void load(false);
        },
      },
      label('Оценка', valuation),
      label('Поиск', search),
      h('button', { type: 'submit' }, 'Найти'),
    ),
    list,
    more,
  );
  await load(false);
}
