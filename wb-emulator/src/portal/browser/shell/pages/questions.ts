import { ns } from '../../lib/api.ts';
import { dateTime, empty, h, int, label, pager, table, thumb } from '../../lib/ui.ts';
import type { PageContext } from '../context.ts';

interface Question {
  id: string;
  text: string;
  createdDate: string;
  answer: { text: string } | null;
  productDetails: { nmId: number; productName: string; supplierArticle: string; photo: string };
}
interface Questions {
  questions: Question[];
  total: number;
  countUnanswered: number;
  countArchive: number;
}

export const title = 'Вопросы';
const LIMIT = 15;

export async function render(root: HTMLElement, _ctx: PageContext): Promise<void> {
  let answered = false;
  let offset = 0;
  const search = h('input', { type: 'search', placeholder: 'Текст или артикул', name: 'search' });
  const tabs = h('div', { class: 'tabs' });
  const body = h('div', { class: 'panel' });

  async function load(): Promise<void> {
    const data = await ns<Questions>(
      'reviews',
      '/ns/fa-seller-api/questions-ext-seller-portal/api/v1/questions',
      {
        query: { isAnswered: answered, limit: LIMIT, offset, searchText: search.value },
      },
    );
    tabs.replaceChildren(
      h(
        'button',
        {
          class: answered ? '' : 'active',
          'data-tab': 'unanswered',
          onclick: () => {
            answered = false;
            offset = 0;
            void load();
          },
        },
        `Без ответа (${int(data.countUnanswered)})`,
      ),
      h(
        'button',
        {
          class: answered ? 'active' : '',
          'data-tab': 'archive',
          onclick: () => {
            answered = true;
            offset = 0;
            void load();
          },
        },
        `Архив (${int(data.countArchive)})`,
      ),
    );
    body.replaceChildren(
      data.questions.length
        ? table(
            [
              {
                title: '',
                cell: (q: Question) => thumb(q.productDetails.photo, q.productDetails.productName),
              },
              { title: 'Дата', cell: (q) => dateTime(q.createdDate) },
              { title: 'Артикул WB', cell: (q) => String(q.productDetails.nmId) },
              { title: 'Товар', cell: (q) => q.productDetails.productName, wrap: true },
              { title: 'Вопрос', cell: (q) => q.text, wrap: true },
              {
                title: 'Ответ',
                cell: (q) => q.answer?.text ?? h('span', { class: 'badge warn' }, 'нет ответа'),
                wrap: true,
              },
            ],
            data.questions,
            { 'data-table': 'questions' },
          )
        : empty('Вопросов нет'),
      pager(data.total, offset, LIMIT, (next) => {
        offset = next;
        void load();
      }),
    );
  }

  root.append(
    h('h1', {}, 'Вопросы покупателей'),
    tabs,
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
      h('button', { type: 'submit' }, 'Найти'),
    ),
    body,
  );
  await load();
}
