import { isRecord } from './json-codec.ts';
import { NM_CONTAINER_KEYS, NM_LIST_KEYS, NM_MAP_KEYS, containerNmId, isNmKey, toNmId } from './nm-keys.ts';
import type { VisibleSet } from '../visibility/visible-set.ts';

/** Keys whose value dates a row: a dated row is visible by the assignment of that date's month. */
const DATE_KEYS = [
  'date',
  'rr_dt',
  'rrDate',
  'orderDate',
  'createdDate',
  'createDate',
  'saleDate',
  'lastChangeDate',
  'dt',
] as const;

export interface FilterStats {
  kept: number;
  removed: number;
}

/** A base64 string inside JSON that decoded to a file (xlsx, zip, csv): filtered after the walk. */
export interface EmbeddedFile {
  holder: Record<string, unknown> | unknown[];
  key: string | number;
  bytes: Uint8Array;
}

export interface DeepFilterOptions {
  /** Whether a row (object) naming `nmId` stays. Defaults to the dated rule on the visible set. */
  keep?: (nmId: number, row: Record<string, unknown>) => boolean;
  /** Collects base64-encoded files found in strings (the caller filters and re-encodes them). */
  files?: EmbeddedFile[];
}

const REMOVE = Symbol('remove');
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** The default keep rule: a row with a date is judged by that date's month, others by the current month. */
export function datedKeep(visible: VisibleSet): (nmId: number, row: Record<string, unknown>) => boolean {
  return (nmId, row) => {
    for (const key of DATE_KEYS) {
      const d = row[key];
      if (typeof d === 'string' && d.length >= 10) return visible.visibleAt(nmId, d);
    }
    return visible.has(nmId);
  };
}

function looksLikeFile(s: string): Uint8Array | null {
  if (s.length < 64 || s.length % 4 !== 0 || !BASE64.test(s.slice(0, 256))) return null;
  const head = Buffer.from(s.slice(0, 8), 'base64');
  if (head[0] === 0x50 && head[1] === 0x4b) {
    if (!BASE64.test(s)) return null;
    return Buffer.from(s, 'base64');
  }
  return null;
}

/**
 * The generic deep filter: removes, anywhere in a JSON value, rows (objects in arrays) naming an article the
 * manager may not see (any spelling: `nmId`, `nmID`, `nm_id`, `nm`, `wbArticle`, `productDetails.nmId`, …),
 * ids that are not visible from lists under nm-named keys (`nms: [1, 2]`), and keys that are not visible from
 * maps keyed by nmId. A single object naming a hidden article is replaced by null. Aggregates are NOT
 * recomputed here (it does not know them): routes that carry them have a specific rule.
 *
 * @returns the filtered value, or throws nothing: a root that is itself a hidden row becomes null.
 */
export function deepFilter(
  value: unknown,
  visible: VisibleSet,
  stats: FilterStats,
  options: DeepFilterOptions = {},
): unknown {
  const keep = options.keep ?? datedKeep(visible);
  const files = options.files;

  const visibleId = (v: unknown) => {
    const nm = toNmId(v);
    return nm !== null && visible.has(nm);
  };

  function walk(v: unknown, parentKey: string | null): unknown {
    if (Array.isArray(v)) return walkArray(v, parentKey);
    if (isRecord(v)) return walkObject(v, parentKey);
    return v;
  }

  // Set by walkObject about the object it just walked: it names an article in one of its own keys (ownNm), one
  // of its own nm keys is null (nullNm: a row that cannot be judged), a product container was hidden.
  let ownNm = false;
  let nullNm = false;
  let containerHidden = false;

  function walkArray(arr: unknown[], parentKey: string | null): unknown[] {
    const nmList = parentKey !== null && (NM_LIST_KEYS.has(parentKey) || isNmKey(parentKey));
    const out: unknown[] = [];
    for (const el of arr) {
      if (isRecord(el)) {
        // One pass over the row: its own nm keys are judged while it is walked (REMOVE when any is hidden).
        const inner = walkObject(el, null);
        if (inner === REMOVE || (!ownNm && (nullNm || containerHidden))) {
          stats.removed++;
          continue;
        }
        let named = ownNm;
        if (!named) {
          // A row naming its article only inside a product container (`productDetails.nmId`), judged by the
          // row's own date.
          const nm = containerNmId(el);
          if (nm !== undefined) {
            if (nm === null || !keep(nm, el)) {
              stats.removed++;
              continue;
            }
            named = true;
          }
        }
        if (named) stats.kept++;
        out.push(inner);
      } else if (Array.isArray(el)) {
        out.push(walkArray(el, parentKey));
      } else if (nmList) {
        if (visibleId(el)) {
          stats.kept++;
          out.push(el);
        } else stats.removed++;
      } else {
        if (typeof el === 'string' && files) {
          const bytes = looksLikeFile(el);
          if (bytes) files.push({ holder: out, key: out.length, bytes });
        }
        out.push(el);
      }
    }
    return out;
  }

  function isNmMap(obj: Record<string, unknown>, parentKey: string | null): boolean {
    let first: string | undefined;
    for (const k in obj) {
      first = k;
      break;
    }
    if (first === undefined) return false;
    const c = first.charCodeAt(0);
    if (c < 48 || c > 57) return false;
    const keys = Object.keys(obj);
    if (parentKey !== null && NM_MAP_KEYS.has(parentKey)) return keys.every((k) => /^\d+$/.test(k));
    return keys.every((k) => /^\d{5,15}$/.test(k));
  }

  function walkObject(obj: Record<string, unknown>, parentKey: string | null): unknown {
    if (isNmMap(obj, parentKey)) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(obj)) {
        if (!visible.has(Number(k))) {
          stats.removed++;
          continue;
        }
        stats.kept++;
        const inner = walk(v, null);
        out[k] = inner === REMOVE ? null : inner;
      }
      ownNm = nullNm = containerHidden = false;
      return out;
    }
    let named = false;
    let nulled = false;
    let hiddenContainer = false;
    // The parsed answer is ours: changed in place (no copy of every object).
    for (const k in obj) {
      const v = obj[k];
      if (typeof v !== 'object' || v === null) {
        if (isNmKey(k)) {
          if (v === null) {
            nulled = true;
            continue;
          }
          const nm = toNmId(v);
          if (nm === null || !keep(nm, obj)) return REMOVE;
          named = true;
        } else if (files && typeof v === 'string' && v.length >= 64) {
          const bytes = looksLikeFile(v);
          if (bytes) files.push({ holder: obj, key: k, bytes });
        }
        continue;
      }
      const inner = walk(v, k);
      if (inner === REMOVE) {
        stats.removed++;
        if (NM_CONTAINER_KEYS.has(k)) hiddenContainer = true;
        obj[k] = null;
      } else if (inner !== v) obj[k] = inner;
    }
    ownNm = named;
    nullNm = nulled;
    containerHidden = hiddenContainer;
    return obj;
  }

  const result = walk(value, null);
  if (result === REMOVE) {
    stats.removed++;
    return null;
  }
  return result;
}

/** Keys and value types of a JSON value (never values): what the admin sees of an unmapped route. */
export function sampleShape(value: unknown, depth = 0): unknown {
  if (depth > 6) return '…';
  if (Array.isArray(value)) return value.length ? [sampleShape(value[0], depth + 1)] : [];
  if (isRecord(value)) {
    const out: Record<string, unknown> = {};
    const keys = Object.keys(value);
    const numericKeys = keys.length > 0 && keys.every((k) => /^\d+$/.test(k));
    if (numericKeys) return { '{nmId}': sampleShape(value[keys[0]!], depth + 1) };
    for (const k of keys.slice(0, 60)) out[k] = sampleShape(value[k], depth + 1);
    return out;
  }
  return value === null ? 'null' : typeof value;
}
