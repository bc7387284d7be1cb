import { WB_HOST_PATTERNS, WB_HOSTS } from '@joycity/shared/wb';
import { PROXIED_HOST_KINDS, type HostMap } from '../hosts/host-map.ts';
import { UNMAPPED_HOST_PATH } from '../rewrite/url-text.ts';

/** Where the runtime reports what it refused (service worker registrations): `POST` JSON, via sendBeacon. */
export const RUNTIME_EVENT_PATH = '/__joycity/runtime-event';
/** Where the transport serves the runtime script when it is not inlined (same text, same hash). */
export const RUNTIME_SCRIPT_PATH = '/__joycity/runtime.js';

/**
 * The host map in the compact form the browser runtime reads (inlined into the script as JSON):
 * exact WB host ↔ public host pairs, and numbered patterns `[wbPrefix, wbSuffix, min, max, pubPrefix,
 * pubSuffix]` (`wbPrefix + NN + wbSuffix` ↔ `pubPrefix + NN + pubSuffix`, NN two digits in min…max).
 * Built from the same `HostMap`, so the runtime maps exactly as the server does (a browser test compares).
 */
export interface RuntimeConfig {
  v: 1;
  base: string;
  scheme: 'http:' | 'https:';
  port: string;
  hosts: [wb: string, pub: string][];
  patterns: [
    wbPrefix: string,
    wbSuffix: string,
    min: number,
    max: number,
    pubPrefix: string,
    pubSuffix: string,
  ][];
  unmapped: string;
  event: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

export function buildRuntimeConfig(hostMap: HostMap): RuntimeConfig {
  const hosts: RuntimeConfig['hosts'] = [];
  for (const h of WB_HOSTS) {
    if (!PROXIED_HOST_KINDS.includes(h.kind)) continue;
    const pub = hostMap.publicHostFor(h.host);
    if (pub !== undefined) hosts.push([h.host, pub]);
  }
  const patterns: RuntimeConfig['patterns'] = [];
  for (const p of WB_HOST_PATTERNS) {
    if (!PROXIED_HOST_KINDS.includes(p.kind)) continue;
    const [wbPrefix, wbSuffix] = p.pattern.split('{NN}') as [string, string];
    const [min, max] = p.range;
    const lo = hostMap.publicHostFor(`${wbPrefix}${pad(min)}${wbSuffix}`);
    const hi = hostMap.publicHostFor(`${wbPrefix}${pad(max)}${wbSuffix}`);
    if (lo === undefined || hi === undefined) continue;
    // Find where the number sits in the public form (verified on both ends of the range).
    let at = -1;
    for (let i = lo.indexOf(pad(min)); i !== -1; i = lo.indexOf(pad(min), i + 1)) {
      if (`${lo.slice(0, i)}${pad(max)}${lo.slice(i + 2)}` === hi) {
        at = i;
        break;
      }
    }
    if (at === -1) throw new Error(`host pattern ${p.pattern} has no positional public form`);
    patterns.push([wbPrefix, wbSuffix, min, max, lo.slice(0, at), lo.slice(at + 2)]);
  }
  return {
    v: 1,
    base: hostMap.baseHost,
    scheme: hostMap.publicProtocol,
    port: hostMap.publicPort,
    hosts,
    patterns,
    unmapped: UNMAPPED_HOST_PATH,
    event: RUNTIME_EVENT_PATH,
  };
}

/**
 * JSON safe to inline in a `<script>`: `<`, `>`, `&`, U+2028 and U+2029 escaped, so no `</script>`,
 * `<!--` or line terminator can end or break the script.
 */
export function inlineJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
