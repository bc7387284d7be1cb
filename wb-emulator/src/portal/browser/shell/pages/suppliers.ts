import { rpcBatch } from '../../lib/api.ts';
import { h, table, toast } from '../../lib/ui.ts';
import type { PageContext } from '../context.ts';

interface Supplier {
  id: string;
  oldID: number;
  name: string;
  inn: string;
  isCurrent: boolean;
}

export const title = 'Организации';
const PATH = '/ns/suppliers/suppliers-portal-core/suppliers';

export async function render(root: HTMLElement, _ctx: PageContext): Promise<void> {
  // WB's SPA asks for the suppliers and the countries in one JSON-RPC batch.
  const [suppliers] = await rpcBatch<{ suppliers: Supplier[]; countSuppliers: number }>('shell', PATH, [
    { method: 'getUserSuppliers' },
    { method: 'listCountries' },
  ]);
  if (!suppliers || suppliers instanceof Error) throw suppliers ?? new Error('no suppliers');
  const switchTo = async (s: Supplier) => {
    const [result] = await rpcBatch('shell', PATH, [
      { method: 'changeSupplier', params: { supplierID: s.id } },
    ]);
    if (result instanceof Error) return toast(result.message);
    location.assign('/');
  };
  root.append(
    h('h1', {}, 'Сменить организацию'),
    h('p', { class: 'muted' }, `Доступно организаций: ${suppliers.countSuppliers}`),
    h(
      'div',
      { class: 'panel' },
      table(
        [
          { title: 'Организация', cell: (s: Supplier) => s.name },
          { title: 'ИНН', cell: (s) => s.inn },
          { title: 'ID', cell: (s) => String(s.oldID) },
          {
            title: '',
            cell: (s) =>
              s.isCurrent
                ? h('span', { class: 'badge ok' }, 'текущая')
                : h('button', { 'data-action': 'switch', onclick: () => void switchTo(s) }, 'Перейти'),
          },
        ],
        suppliers.suppliers,
        { 'data-table': 'suppliers' },
      ),
    ),
  );
}
