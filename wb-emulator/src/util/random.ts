/**
 * Deterministic randomness. Every generated value is a pure function of the seed and the identity of what
 * it describes (account, day, row index…), never of the order things were generated in. That is what lets
 * the emulator produce any row on demand (lazily, in any order) and still give the same bytes every time.
 */

/** A 32-bit finaliser (murmur3's fmix32): spreads every input bit over the output. */
export function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Hashes a tuple of non-negative integers (any size up to 2^53) to 32 bits.
 *
 * @example
 * hashInts(seed, accountIndex, dayNo, orderIndex);
 */
export function hashInts(...values: number[]): number {
  let h = 0x9e3779b9;
  for (const v of values) {
    const lo = v >>> 0;
    const hi = Math.floor(v / 0x1_0000_0000) >>> 0;
    h = mix32((h ^ lo) + 0x7f4a7c15);
    if (hi) h = mix32((h ^ hi) + 0x165667b1);
    h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 0;
  }
  return mix32(h);
}

/** Hashes a string (FNV-1a, then mixed) for keys that are names rather than numbers. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix32(h >>> 0);
}

const HEX = '0123456789abcdef';

/**
 * A small, fast PRNG (mulberry32) with the helpers generators need. Create one per entity from a hash of the
 * entity's identity; draw values in a fixed order.
 */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** A 32-bit unsigned integer. */
  u32(): number {
    return Math.floor(this.next() * 4294967296) >>> 0;
  }

  /** An integer in [min, max] (inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** A float in [min, max). */
  float(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** Hex digits (lower case). */
  hex(length: number): string {
    let out = '';
    while (out.length < length) {
      let v = this.u32();
      for (let k = 0; k < 8 && out.length < length; k++) {
        out += HEX[v & 15];
        v >>>= 4;
      }
    }
    return out;
  }

  /** Decimal digits; the first is never 0. */
  digits(length: number): string {
    let out = String(1 + (this.u32() % 9));
    while (out.length < length) out += String(this.u32() % 1_000_000_000).padStart(9, '0');
    return out.slice(0, length);
  }

  /** A random UUID v4 (deterministic). */
  uuid(): string {
    const h = this.hex(32).split('');
    h[12] = '4';
    h[16] = '89ab'[this.int(0, 3)] as string;
    const s = h.join('');
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  }

  /** Base-62 identifier (WB's feedback/question ids look like `YX52RZEBhH9mrcYdEJuD`). */
  base62(length: number): string {
    const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(this.next() * 62)];
    return out;
  }
}

/** An Rng for the identity tuple. */
export function rngFor(...identity: number[]): Rng {
  return new Rng(hashInts(...identity));
}

/**
 * Cumulative weights for fast weighted picks (binary search), e.g. article popularity.
 */
export class WeightedPicker {
  private readonly cumulative: Float64Array;
  private readonly total: number;

  constructor(weights: readonly number[]) {
    this.cumulative = new Float64Array(weights.length);
    let sum = 0;
    weights.forEach((w, i) => {
      sum += w;
      this.cumulative[i] = sum;
    });
    this.total = sum;
  }

  /** An index, given a uniform draw in [0, 1). */
  pick(u: number): number {
    const target = u * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.cumulative[mid] as number) > target) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}
