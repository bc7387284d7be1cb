/**
 * The anti-bot proof of work the login page solves before asking for an SMS code: find a nonce such that
 * FNV-1a-32(`prefix` + nonce) has `difficulty` leading zero bits. Cheap in a browser (no WebCrypto, which
 * plain-http pages lack) and in tests.
 */
export function fnv1a32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export function powAccepts(prefix: string, nonce: string, difficulty: number): boolean {
  return difficulty <= 0 || fnv1a32(prefix + nonce) >>> (32 - difficulty) === 0;
}

/**
 * Solves a challenge (what the login page does; tests use it to log in without a browser).
 *
 * @example
 * const nonce = solvePow(challenge.prefix, challenge.difficulty);
 */
export function solvePow(prefix: string, difficulty: number): string {
  for (let n = 0; n < 1 << 26; n++) if (powAccepts(prefix, String(n), difficulty)) return String(n);
  throw new Error('no nonce found');
}
