/**
 * Secret scrubbing for log output, in two layers:
 *
 * 1. By key: any property whose name says it holds a secret (password, token, cookie, api key, …) has its
 *    value replaced, at any depth.
 * 2. By value: the final line is searched for JWTs (WB API keys and portal tokens are JWTs) and for every
 *    secret value registered with {@link registerSecretValue}, wherever they hide: inside a URL, an error
 *    message, a header dump.
 */

export const REDACTED = '[REDACTED]';

const SECRET_KEY =
  /(^|[-_.])(pass(word|wd)?|secret|token|authorization|cookie|set-cookie|api[-_]?key|apikey|authorizev3|wbtokenv3|wb-seller-lk|session|credentials?)$|_enc$/i;

/** True when a property name denotes a secret value. */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** Returns a copy of `value` in which every secret-named property is replaced. Depth-limited and cycle-safe. */
export function scrubObject(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth > 8) return '[Depth]';
  if (seen.has(value)) return '[Circular]';
  seen.add(value);
  if (value instanceof Error) {
    return {
      type: value.name,
      message: value.message,
      stack: value.stack,
      ...scrubRecord(value, depth, seen),
    };
  }
  if (Array.isArray(value)) return value.map((v) => scrubObject(v, depth + 1, seen));
  if (value instanceof Date || Buffer.isBuffer(value)) return value;
  return scrubRecord(value, depth, seen);
}

function scrubRecord(value: object, depth: number, seen: WeakSet<object>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] =
      isSecretKey(key) && v !== undefined && v !== null && v !== ''
        ? REDACTED
        : scrubObject(v, depth + 1, seen);
  }
  return out;
}

const JWT = /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g;
const secretValues = new Set<string>();
let secretPattern: RegExp | undefined;

/**
 * Registers a secret value (a decrypted credential, a configured secret) so that it never appears in a log
 * line, however it got there. Values shorter than 8 characters are ignored: they would match by accident.
 */
export function registerSecretValue(value: string | undefined | null): void {
  if (!value || value.length < 8 || secretValues.has(value)) return;
  secretValues.add(value);
  const escaped = [...secretValues]
    .sort((a, b) => b.length - a.length)
    .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  secretPattern = new RegExp(escaped.join('|'), 'g');
}

/** Replaces JWTs and registered secret values in a string. */
export function scrubText(text: string): string {
  let out = text.replace(JWT, '[REDACTED_JWT]');
  if (secretPattern) out = out.replace(secretPattern, REDACTED);
  return out;
}
