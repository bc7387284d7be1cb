/** Small DOM helpers: elements with text (never HTML strings from data), tables, pagers, formatting. */

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | undefined | null | ((e: Event) => void)>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (typeof v === 'function') el.addEventListener(k.replace(/^on/, '').toLowerCase(), v);
    else if (k === 'class') el.className = String(v);
    else if (k === 'text') el.textContent = String(v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  for (const c of children)
    if (c !== null && c !== undefined && c !== false) el.append(c instanceof Node ? c : String(c));
  return el;
}

const moneyFmt = new Intl.NumberFormat('ru-RU', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const intFmt = new Intl.NumberFormat('ru-RU');

export const money = (v: unknown) => `${moneyFmt.format(Number(v ?? 0))} ₽`;
export const int = (v: unknown) => intFmt.format(Number(v ?? 0));
export const date = (v: unknown) =>
  typeof v === 'string' && v ? v.slice(0, 10).split('-').reverse().join('.') : '—';
export const dateTime = (v: unknown) => (typeof v === 'string' && v ? `${date(v)} ${v.slice(11, 16)}` : '—');

export function isoDay(offsetDays = 0, from = new Date()): string {
  const d = new Date(from.getTime() + offsetDays * 86_400_000 + 3 * 3_600_000);
  return d.toISOString().slice(0, 10);
}

export interface Column<T> {
  title: string;
  cell: (row: T) => Child;
  num?: boolean;
  wrap?: boolean;
  footer?: Child;
}

export function table<T>(columns: Column<T>[], rows: T[], attrs: Attrs = {}): HTMLTableElement {
  const hasFooter = columns.some((c) => c.footer !== undefined);
  return h(
    'table',
    attrs,
    h(
      'thead',
      {},
      h('tr', {}, ...columns.map((c) => h('th', { class: c.num ? 'num' : undefined }, c.title))),
    ),
    h(
      'tbody',
      {},
      ...rows.map((r) =>
        h(
          'tr',
          {},
          ...columns.map((c) => h('td', { class: c.num ? 'num' : c.wrap ? 'wrap' : undefined }, c.cell(r))),
        ),
      ),
    ),
    hasFooter
      ? h(
          'tfoot',
          {},
          h('tr', {}, ...columns.map((c) => h('td', { class: c.num ? 'num' : undefined }, c.footer ?? ''))),
        )
      : null,
  );
}

/** Offset pager: «Назад», "n–m из N", «Вперёд». */
export function pager(
  total: number,
  offset: number,
  limit: number,
  go: (offset: number) => void,
): HTMLElement {
  const last = Math.min(total, offset + limit);
  return h(
    'div',
    { class: 'pager' },
    h(
      'span',
      { class: 'muted', 'data-pager': `${total}` },
      total ? `${offset + 1}–${last} из ${int(total)}` : 'нет записей',
    ),
    h(
      'button',
      { class: 'secondary', disabled: offset === 0, onclick: () => go(Math.max(0, offset - limit)) },
      '← Назад',
    ),
    h(
      'button',
      { class: 'secondary', disabled: last >= total, onclick: () => go(offset + limit), 'data-next': '' },
      'Вперёд →',
    ),
  );
}

export function thumb(
  photo: { tm?: string; small?: string; big?: string } | string | undefined,
  alt: string,
): HTMLImageElement {
  const img = h('img', { class: 'thumb', alt, loading: 'lazy', width: 36, height: 48 });
  if (typeof photo === 'string') img.src = photo;
  else if (photo) {
    img.src = photo.small ?? photo.tm ?? '';
    if (photo.small && photo.big) img.srcset = `${photo.small} 1x, ${photo.big} 2x`;
  }
  return img;
}

export function cards(items: Array<[string, Child]>): HTMLElement {
  return h(
    'div',
    { class: 'cards' },
    ...items.map(([label, value]) =>
      h('div', { class: 'card' }, h('div', { class: 'label' }, label), h('div', { class: 'value' }, value)),
    ),
  );
}

export function toast(text: string): void {
  const el = h('div', { class: 'toast', role: 'status' }, text);
  document.body.append(el);
  setTimeout(() => el.remove(), 3500);
}

export function empty(text = 'Ничего не найдено'): HTMLElement {
  return h('div', { class: 'empty' }, text);
}

export function errorBox(err: unknown): HTMLElement {
  return h(
    'div',
    { class: 'panel error', 'data-error': '' },
    `Не удалось загрузить данные: ${err instanceof Error ? err.message : String(err)}`,
  );
}

export function label(text: string, control: HTMLElement): HTMLLabelElement {
  return h('label', {}, text, control);
}

export function stars(n: number): HTMLElement {
  return h('span', { class: 'stars', title: `${n} из 5` }, '★'.repeat(n) + '☆'.repeat(5 - n));
}
