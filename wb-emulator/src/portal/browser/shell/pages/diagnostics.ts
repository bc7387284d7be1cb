import { allChecks, CHECK_NAMES, onChecks } from '../../lib/status.ts';
import { h } from '../../lib/ui.ts';
import { inWorker } from '../../lib/worker-client.ts';
import type { PageContext } from '../context.ts';

export const title = 'Диагностика';

/** The status panel: every browser pattern the portal relies on, and whether it worked in this browser. */
export async function render(root: HTMLElement, _ctx: PageContext): Promise<void> {
  const grid = h('div', { class: 'status-grid', id: 'status-panel' });
  const draw = () => {
    const checks = allChecks();
    grid.replaceChildren(
      ...Object.entries(CHECK_NAMES).map(([key, name]) => {
        const c = checks[key];
        return h(
          'div',
          { class: 'check', 'data-check': key, 'data-state': c?.state ?? 'pending' },
          h('div', { class: 'name' }, name),
          h('div', { class: 'detail' }, c ? `${c.state}: ${c.detail}` : 'ещё не проверено'),
        );
      }),
    );
  };
  onChecks(draw);
  draw();
  root.append(
    h('h1', {}, 'Диагностика браузера'),
    h('p', { class: 'muted' }, 'Какие механизмы портала сработали в этом браузере.'),
    grid,
  );
  await inWorker({ type: 'stats', values: [1, 2, 3] });
}
