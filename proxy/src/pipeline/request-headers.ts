import type { IncomingHttpHeaders } from 'node:http';

/**
 * Request headers that never go upstream: hop-by-hop headers, anything naming the client's address or the
 * hops before us, credentials of ours or the client's (our cookies, Authorization, any Cookie — the WB
 * session comes from the server-side jar), WB credentials the browser may only hold as placeholders, and
 * the legal-entity override.
 */
const DROP = new Set([
  'host',
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'http2-settings',
  'authorization',
  'cookie',
  'forwarded',
  'x-real-ip',
  'via',
  'client-ip',
  'true-client-ip',
  'cf-connecting-ip',
  'x-client-ip',
  'x-cluster-client-ip',
  'authorizev3',
  'wb-seller-lk',
  'x-supplier-id',
  'x-supplier-id-external',
  'origin',
  'referer',
  'accept-encoding',
  'content-length',
  'expect',
]);

/** Headers we send upstream from the client's, before ours are added. */
export function stripRequestHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const connectionListed = new Set(
    String(headers.connection ?? '')
      .split(',')
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean),
  );
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const lower = name.toLowerCase();
    if (DROP.has(lower) || connectionListed.has(lower)) continue;
    if (lower.startsWith('x-forwarded-') || lower.startsWith('x-joycity-')) continue;
    out[lower] = Array.isArray(value) ? value.join(', ') : value;
  }
  // Only what the pipeline can decode (a corrupt body must be detectable, and rewriting needs it plain).
  out['accept-encoding'] = 'gzip, deflate, br';
  return out;
}
