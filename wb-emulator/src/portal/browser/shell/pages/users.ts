import { ns } from '../../lib/api.ts';
import { date, h, table, toast } from '../../lib/ui.ts';
import type { PageContext } from '../context.ts';

interface Member {
  id: number;
  name: string;
  phone: string;
  email: string;
  role: string;
  sections: string[];
  invitedAt: string;
  active: boolean;
}

export const title = 'Пользователи';
const PATH = '/ns/users-management/suppliers-portal-core/api/v1/users';
const ROLES: Record<string, string> = {
  owner: 'Владелец',
  admin: 'Администратор',
  manager: 'Менеджер',
  accountant: 'Бухгалтер',
};

export async function render(root: HTMLElement, _ctx: PageContext): Promise<void> {
  const list = h('div', { class: 'panel' });
  async function load(): Promise<void> {
    const data = await ns<{ users: Member[]; total: number }>('shell', PATH);
    list.replaceChildren(
      table(
        [
          { title: 'Имя', cell: (m: Member) => m.name },
          { title: 'Телефон', cell: (m) => m.phone },
          { title: 'Роль', cell: (m) => ROLES[m.role] ?? m.role },
          { title: 'Разделы', cell: (m) => m.sections.join(', '), wrap: true },
          { title: 'Приглашён', cell: (m) => date(m.invitedAt) },
          {
            title: 'Доступ',
            cell: (m) =>
              h('span', { class: `badge ${m.active ? 'ok' : 'bad'}` }, m.active ? 'Есть' : 'Закрыт'),
          },
          {
            title: '',
            cell: (m) =>
              m.role === 'owner'
                ? ''
                : h(
                    'span',
                    {},
                    h(
                      'button',
                      {
                        class: 'secondary',
                        'data-action': 'toggle',
                        onclick: () =>
                          void ns('shell', `${PATH}/${m.id}`, {
                            method: 'PATCH',
                            body: { active: !m.active },
                          }).then(load),
                      },
                      m.active ? 'Закрыть доступ' : 'Открыть',
                    ),
                    ' ',
                    h(
                      'button',
                      {
                        class: 'danger',
                        'data-action': 'remove',
                        onclick: () => void ns('shell', `${PATH}/${m.id}`, { method: 'DELETE' }).then(load),
                      },
                      'Удалить',
                    ),
                  ),
          },
        ],
        data.users,
        { 'data-table': 'users' },
      ),
    );
  }
  const phone = h('input', { name: 'phone', placeholder: '+79991234567', required: true });
  const userName = h('input', { name: 'name', placeholder: 'Имя' });
  const role = h(
    'select',
    { name: 'role' },
    ...['manager', 'admin', 'accountant'].map((r) => h('option', { value: r }, ROLES[r])),
  );
  const form = h(
    'form',
    {
      class: 'filters',
      'data-form': 'invite',
      onsubmit: (e: Event) => {
        e.preventDefault();
        void ns('shell', `${PATH}/invite`, {
          body: { phone: phone.value, name: userName.value, role: role.value },
        }).then(() => {
          toast('Приглашение отправлено');
          void load();
        });
      },
    },
    h('label', {}, 'Телефон', phone),
    h('label', {}, 'Имя', userName),
    h('label', {}, 'Роль', role),
    h('button', { type: 'submit' }, 'Пригласить'),
  );
  root.append(
    h('h1', {}, 'Пользователи и доступы'),
    list,
    h('div', { class: 'panel' }, h('h2', {}, 'Пригласить сотрудника'), form),
  );
  await load();
}
