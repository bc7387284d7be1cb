import { ns } from '../../lib/api.ts';
import { date, h, table, toast } from '../../lib/ui.ts';
import type { PageContext } from '../context.ts';

interface Token {
  id: string;
  name: string;
  type: string;
  scopes: string[];
  readOnly: boolean;
  createdAt: string;
  expiresAt: string;
  status: string;
}

export const title = 'Доступ к API';
const PATH = '/ns/suppliers-auth-tokens/suppliers-portal-core/api/v1/tokens';
const SCOPE_NAMES: Record<string, string> = {
  content: 'Контент',
  analytics: 'Аналитика',
  prices: 'Цены и скидки',
  marketplace: 'Маркетплейс',
  statistics: 'Статистика',
  promotion: 'Продвижение',
  feedbacks: 'Вопросы и отзывы',
  buyer_chat: 'Чат с покупателями',
  supplies: 'Поставки',
  returns: 'Возвраты',
  documents: 'Документы',
  finance: 'Финансы',
};

export async function render(root: HTMLElement, _ctx: PageContext): Promise<void> {
  const list = h('div', { class: 'panel' });
  const created = h('div');

  async function load(): Promise<void> {
    const data = await ns<{ tokens: Token[]; scopes: string[] }>('content', PATH);
    list.replaceChildren(
      table(
        [
          { title: 'Название', cell: (t: Token) => t.name },
          { title: 'Тип', cell: (t) => (t.type === 'service' ? 'Сервисный' : 'Персональный') },
          {
            title: 'Категории',
            cell: (t) => t.scopes.map((s) => SCOPE_NAMES[s] ?? s).join(', '),
            wrap: true,
          },
          { title: 'Создан', cell: (t) => date(t.createdAt) },
          { title: 'Действует до', cell: (t) => date(t.expiresAt) },
          {
            title: 'Статус',
            cell: (t) =>
              h(
                'span',
                { class: `badge ${t.status === 'active' ? 'ok' : 'bad'}` },
                t.status === 'active' ? 'Активен' : t.status === 'revoked' ? 'Отозван' : 'Истёк',
              ),
          },
          {
            title: '',
            cell: (t) =>
              t.status === 'active'
                ? h(
                    'button',
                    {
                      class: 'danger',
                      'data-action': 'revoke',
                      onclick: () => void ns('content', `${PATH}/${t.id}`, { method: 'DELETE' }).then(load),
                    },
                    'Отозвать',
                  )
                : '',
          },
        ],
        data.tokens,
        { 'data-table': 'tokens' },
      ),
    );
  }

  const name = h('input', { name: 'name', placeholder: 'Название токена', required: true });
  const boxes = Object.entries(SCOPE_NAMES).map(([code, text]) =>
    h(
      'label',
      {},
      h('input', { type: 'checkbox', name: 'scope', value: code, checked: code === 'statistics' }),
      text,
    ),
  );
  const readOnly = h('input', { type: 'checkbox', name: 'readOnly' });
  const form = h(
    'form',
    {
      class: 'filters',
      'data-form': 'create-token',
      onsubmit: (e: Event) => {
        e.preventDefault();
        const scopes = boxes
          .map((b) => b.querySelector('input') as HTMLInputElement)
          .filter((i) => i.checked)
          .map((i) => i.value);
        void ns<Token & { token: string }>('content', PATH, {
          body: { name: name.value, scopes, readOnly: readOnly.checked, type: 'personal' },
        }).then((t) => {
          created.replaceChildren(
            h(
              'div',
              { class: 'panel' },
              h('h2', {}, 'Токен создан — скопируйте его сейчас, он больше не будет показан'),
              h('div', { class: 'token', 'data-token': '' }, t.token),
            ),
          );
          toast('Токен создан');
          void load();
        });
      },
    },
    h('label', {}, 'Название', name),
    ...boxes,
    h('label', {}, h('span', {}, 'Только чтение'), readOnly),
    h('button', { type: 'submit' }, 'Создать токен'),
  );

  root.append(
    h('h1', {}, 'Доступ к API'),
    h('p', { class: 'muted' }, 'Токены дают доступ к API Wildberries от имени продавца.'),
    created,
    list,
    h('div', { class: 'panel' }, h('h2', {}, 'Новый токен'), form),
  );
  await load();
}
