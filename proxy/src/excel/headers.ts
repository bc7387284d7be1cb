/** Column headers that name the article (nmId) in WB's exports, compared case- and space-insensitively. */
export const NM_HEADERS = [
  'код номенклатуры',
  'артикул wb',
  'артикул вб',
  'wb item no.',
  'wb item no',
  'wb article',
  'nmid',
  'nm id',
  'nm_id',
  'номенклатура (код 1с)',
];

/** Headers of a row's date: a dated row is visible by the assignment of that date's month. */
export const DATE_HEADERS = ['дата продажи', 'дата заказа', 'дата операции', 'дата', 'date'];

/** Labels of a totals row (first cell). */
export const TOTAL_LABELS = /^(итого|всего|total|итого:)\s*:?$/i;

const norm = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase();

export function isNmHeader(text: string): boolean {
  return NM_HEADERS.includes(norm(text));
}

export function isDateHeader(text: string): boolean {
  return DATE_HEADERS.includes(norm(text));
}
