import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * CSRF tokens for the admin API: a double-submit cookie whose value is signed by us and bound to the
 * session. The UI reads the `jc_csrf` cookie (host-only on the admin) and echoes it in `x-csrf-token`.
 *
 *     token = base64url(binding) "." nonce "." HMAC-SHA256(key, binding "." nonce)
 *
 * `binding` is the session id, or `anon` before sign-in. A state-changing request needs the header, equal to
 * the cookie, with a valid signature, bound to the request's own session. So a token planted by a sibling
 * subdomain (cookie tossing from the untrusted wb-seller pages) or lifted from another session is useless.
 * The exact-Origin check (access-control.ts) comes first; this is the second, independent layer.
 */
export const ANONYMOUS = 'anon';

export function createCsrfTokens(secret: string) {
  // A key of its own, derived from the access-token secret, so one secret never serves two purposes.
  const key = Buffer.from(hkdfSync('sha256', secret, 'joycity', 'joycity csrf v1', 32));
  const mac = (binding: string, nonce: string) =>
    createHmac('sha256', key).update(`${binding}.${nonce}`).digest('base64url');

  return {
    issue(binding: string): string {
      const nonce = randomBytes(18).toString('base64url');
      return `${Buffer.from(binding).toString('base64url')}.${nonce}.${mac(binding, nonce)}`;
    },

    /** The binding a genuine token carries, or undefined for anything we did not issue. */
    bindingOf(token: string | undefined | null): string | undefined {
      if (!token || token.length > 300) return undefined;
      const parts = token.split('.');
      if (parts.length !== 3) return undefined;
      const [encodedBinding, nonce, signature] = parts as [string, string, string];
      const binding = Buffer.from(encodedBinding, 'base64url').toString('utf8');
      const expected = Buffer.from(mac(binding, nonce));
      const given = Buffer.from(signature);
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
      return binding;
    },
  };
}

export type CsrfTokens = ReturnType<typeof createCsrfTokens>;
