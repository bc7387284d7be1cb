import { ns } from '../../lib/api.ts';
import { urlOf } from '../../lib/hosts.ts';
import { setCheck } from '../../lib/status.ts';
import { date, h, table, toast } from '../../lib/ui.ts';
import type { PageContext } from '../context.ts';

interface BankAccount {
  id: number;
  bankName: string;
  bik: string;
  account: string;
  correspondentAccount: string;
  isMain: boolean;
  updatedAt: string;
}

export const title = 'Реквизиты';
const PATH = '/ns/requisites/seller-requisites/api/v1/bank-accounts';

export async function render(root: HTMLElement, ctx: PageContext): Promise<void> {
  if (ctx.query.get('saved') === '1') {
    setCheck('formPost', 'ok', 'реквизиты сохранены формой');
    toast('Реквизиты сохранены');
  }
  const data = await ns<{ supplier: { name: string; inn: string }; accounts: BankAccount[] }>(
    'services',
    PATH,
  );
  // A classic HTML form, posted to seller-services with the session cookies; it redirects back here.
  const form = h(
    'form',
    {
      method: 'post',
      action: urlOf('services', `${PATH}/form`),
      class: 'filters',
      'data-form': 'bank-account',
    },
    h('label', {}, 'Банк', h('input', { name: 'bankName', required: true })),
    h('label', {}, 'БИК', h('input', { name: 'bik', pattern: '\\d{9}', required: true })),
    h('label', {}, 'Расчётный счёт', h('input', { name: 'account', pattern: '\\d{20}', required: true })),
    h('button', { type: 'submit' }, 'Сохранить'),
  );
  root.append(
    h('h1', {}, 'Реквизиты'),
    h('p', {}, `${data.supplier.name}, ИНН ${data.supplier.inn}`),
    h(
      'div',
      { class: 'panel' },
      table(
        [
          { title: 'Банк', cell: (b: BankAccount) => b.bankName },
          { title: 'БИК', cell: (b) => b.bik },
          { title: 'Счёт', cell: (b) => b.account },
          { title: 'Корр. счёт', cell: (b) => b.correspondentAccount },
          { title: 'Основной', cell: (b) => (b.isMain ? h('span', { class: 'badge ok' }, 'да') : '') },
          { title: 'Изменён', cell: (b) => date(b.updatedAt) },
        ],
        data.accounts,
        { 'data-table': 'bank-accounts' },
      ),
    ),
    h('div', { class: 'panel' }, h('h2', {}, 'Новый расчётный счёт'), form),
  );
}
