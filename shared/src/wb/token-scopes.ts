/**
 * What the claims of a WB API key mean (REFERENCE.md §1). A key is an ES256 JWT; its `s` claim is a bitmask
 * of categories (test `s & (1 << bit)`), and `acc` tells the key's type. The admin shows a key's categories
 * from this table, the sync checks a key can do what it needs, and the emulator enforces the same bits.
 */

export interface WbTokenScope {
  readonly bit: number;
  /** Stable code (also what `accounts.api_key_categories` stores). */
  readonly code: string;
  /** WB's Russian name of the category, as the portal shows it. */
  readonly name: string;
}

export const WB_TOKEN_SCOPES: readonly WbTokenScope[] = [
  { bit: 1, code: 'content', name: 'Контент' },
  { bit: 2, code: 'analytics', name: 'Аналитика' },
  { bit: 3, code: 'prices', name: 'Цены и скидки' },
  { bit: 4, code: 'marketplace', name: 'Маркетплейс' },
  { bit: 5, code: 'statistics', name: 'Статистика' },
  { bit: 6, code: 'promotion', name: 'Продвижение' },
  { bit: 7, code: 'feedbacks', name: 'Вопросы и отзывы' },
  { bit: 9, code: 'buyer_chat', name: 'Чат с покупателями' },
  { bit: 10, code: 'supplies', name: 'Поставки' },
  { bit: 11, code: 'returns', name: 'Возвраты покупателями' },
  { bit: 12, code: 'documents', name: 'Документы' },
  // From client code, not WB's text (REFERENCE.md): treat as fact until WB says otherwise.
  { bit: 13, code: 'finance', name: 'Финансы' },
  // Uncertain (REFERENCE.md).
  { bit: 16, code: 'users', name: 'Управление пользователями' },
  { bit: 30, code: 'read-only', name: 'Только на чтение' },
];

/** The `acc` claim: the key's type. Personal and service keys also carry `for`. */
export const WB_TOKEN_TYPES = { 1: 'basic', 2: 'test', 3: 'personal', 4: 'service' } as const;
export type WbTokenType = (typeof WB_TOKEN_TYPES)[keyof typeof WB_TOKEN_TYPES];

/**
 * The bitmask for a list of category codes.
 *
 * @example
 * scopeMask(['statistics', 'finance']); // (1 << 5) | (1 << 13)
 */
export function scopeMask(codes: readonly string[]): number {
  let mask = 0;
  for (const code of codes) {
    const scope = WB_TOKEN_SCOPES.find((s) => s.code === code);
    if (!scope) throw new RangeError(`unknown WB token category '${code}'`);
    mask |= 1 << scope.bit;
  }
  return mask >>> 0;
}

/** The category codes a bitmask grants (unknown bits are ignored). */
export function scopeCodes(mask: number): string[] {
  return WB_TOKEN_SCOPES.filter((s) => (mask >>> s.bit) & 1).map((s) => s.code);
}
