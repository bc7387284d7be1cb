/**
 * The spellings WB uses for an article id (nmId) across its APIs and portal services. Keys are compared
 * case-sensitively against this list, plus a case-insensitive fallback for `nmid`-like keys.
 */
export const NM_SCALAR_KEYS: ReadonlySet<string> = new Set([
  'nmId',
  'nmID',
  'nmid',
  'NmId',
  'nm_id',
  'nm',
  'wbArticle',
  'nmIdWB',
  'article_wb',
]);

/** Keys whose value is a list of nmIds (`nms: [1, 2]`, `nmIDs: [...]`). */
export const NM_LIST_KEYS: ReadonlySet<string> = new Set([
  'nms',
  'nmIds',
  'nmIDs',
  'nm_ids',
  'nmid_list',
  'nmList',
  'nm',
]);

/** Keys under which a map keyed by nmId is found (`nms: {"204000123": {...}}`). */
export const NM_MAP_KEYS: ReadonlySet<string> = new Set(['nms', 'nmsTotal', 'byNm', 'nmMap', 'nmStats']);

/** Request parameters (query or JSON body) that name articles. */
export const NM_PARAM_KEYS: ReadonlySet<string> = new Set([
  ...NM_SCALAR_KEYS,
  ...NM_LIST_KEYS,
  'nmIdList',
  'nm_list',
  'article',
]);

/** Request parameters that search by article among other things. */
export const SEARCH_PARAM_KEYS: ReadonlySet<string> = new Set([
  'search',
  'searchText',
  'searchValue',
  'query',
  'q',
  'vendorCode',
  'supplierArticle',
]);

export function isNmKey(key: string): boolean {
  if (NM_SCALAR_KEYS.has(key)) return true;
  const c = key.charCodeAt(0);
  return (c === 110 || c === 78) && key.length <= 5 && /^nm_?id$/i.test(key);
}

/** An nmId from a JSON value (number or digit string), else null. */
export function toNmId(value: unknown): number | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? value : null;
  if (typeof value === 'string' && /^\d{1,15}$/.test(value)) return Number(value);
  if (typeof value === 'bigint') return Number(value);
  return null;
}

/** Nested containers that carry the article of their parent row (`productDetails.nmId`, `productInfo.wbArticle`). */
export const NM_CONTAINER_KEYS: ReadonlySet<string> = new Set([
  'productDetails',
  'productInfo',
  'product',
  'card',
  'goods',
  'item',
]);

/**
 * The nmId a row object carries: its own nm key, or one in a nested product container. `undefined` when the
 * row names no article; `null` when it names one that cannot be read (the caller hides such a row).
 */
export function rowNmId(row: Record<string, unknown>): number | null | undefined {
  for (const key of Object.keys(row)) {
    if (!isNmKey(key)) continue;
    const v = row[key];
    if (Array.isArray(v) || (typeof v === 'object' && v !== null)) continue;
    return toNmId(v);
  }
  for (const key of NM_CONTAINER_KEYS) {
    const inner = row[key];
    if (typeof inner === 'object' && inner !== null && !Array.isArray(inner)) {
      const found = rowNmId(inner as Record<string, unknown>);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** The nmId a row carries only inside a product container (see {@link rowNmId}); same results. */
export function containerNmId(row: Record<string, unknown>): number | null | undefined {
  for (const key of NM_CONTAINER_KEYS) {
    const inner = row[key];
    if (typeof inner === 'object' && inner !== null && !Array.isArray(inner)) {
      const found = rowNmId(inner as Record<string, unknown>);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}
