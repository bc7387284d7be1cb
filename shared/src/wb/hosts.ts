/**
 * The one catalogue of Wildberries hosts the platform knows. The proxy's upstream allow-list and the
 * emulator's host dispatch are both built from it, so a host is added here once and nowhere else.
 *
 * Three kinds:
 * - `seller-api`: the official APIs (`*-api.wildberries.ru`), called with an API key (a JWT);
 * - `portal`: hosts the seller portal's SPA talks to with the session cookies;
 * - `static`: image, video and file hosts (no credentials needed, but still WB's).
 *
 * Numbered hosts (`basket-01.wbbasket.ru` … `basket-40.wbbasket.ru`) are patterns: `{NN}` is two digits.
 * Sources: ../shared/wb/REFERENCE.md §1–2 and the `servers` of WB's OpenAPI specs.
 */

export type WbHostKind = 'seller-api' | 'portal' | 'static';

export interface WbHost {
  /** The exact host name, lower case, no port. */
  readonly host: string;
  readonly kind: WbHostKind;
  /** What the host is for: stable, used as a key by the emulator's dispatch table. */
  readonly role: string;
  /** Seller APIs only: the bit of the API key's `s` claim a call to this host needs (absent: any key). */
  readonly scopeBit?: number;
  /** Seller APIs only: WB's sandbox twin, which accepts test keys (`t: true`) only. */
  readonly sandbox?: boolean;
  readonly description: string;
}

export interface WbHostPattern {
  /** Human form with `{NN}` for the two-digit number, e.g. `basket-{NN}.wbbasket.ru`. */
  readonly pattern: string;
  readonly kind: WbHostKind;
  readonly role: string;
  readonly description: string;
  /** Inclusive range of numbers WB is known to use; outside it the host is not WB's. */
  readonly range: readonly [number, number];
}

const api = (
  name: string,
  role: string,
  scopeBit: number | undefined,
  description: string,
  sandbox = false,
): WbHost => ({
  host: `${name}.wildberries.ru`,
  kind: 'seller-api',
  role,
  ...(scopeBit === undefined ? {} : { scopeBit }),
  ...(sandbox ? { sandbox } : {}),
  description,
});

const portal = (host: string, role: string, description: string): WbHost => ({
  host,
  kind: 'portal',
  role,
  description,
});

/** Exact hosts. */
export const WB_HOSTS: readonly WbHost[] = [
  // Seller APIs (bits per REFERENCE.md §1; the ping table of 01-general.yaml lists the hosts).
  api('content-api', 'content', 1, 'product cards (POST /content/v2/get/cards/list)'),
  api('content-api-sandbox', 'content', 1, 'content sandbox', true),
  api('seller-analytics-api', 'analytics', 2, 'analytics, stocks on WB warehouses'),
  api('discounts-prices-api', 'prices', 3, 'prices and discounts'),
  api('discounts-prices-api-sandbox', 'prices', 3, 'prices sandbox', true),
  api('dp-calendar-api', 'prices-calendar', 3, 'promotions calendar'),
  api('marketplace-api', 'marketplace', 4, 'FBS/DBS orders, seller warehouses'),
  api('marketplace-api-sandbox', 'marketplace', 4, 'marketplace sandbox', true),
  api('statistics-api', 'statistics', 5, 'orders, sales, legacy stocks/incomes/v5 report'),
  api('statistics-api-sandbox', 'statistics', 5, 'statistics sandbox', true),
  api('advert-api', 'advert', 6, 'advertising campaigns'),
  api('advert-api-sandbox', 'advert', 6, 'advert sandbox', true),
  api('advert-media-api', 'advert-media', 6, 'media campaigns'),
  api('feedbacks-api', 'feedbacks', 7, 'reviews and questions'),
  api('feedbacks-api-sandbox', 'feedbacks', 7, 'feedbacks sandbox', true),
  api('buyer-chat-api', 'buyer-chat', 9, 'chats with buyers'),
  api('supplies-api', 'supplies', 10, 'FBW supplies'),
  api('supplies-api-sandbox', 'supplies', 10, 'supplies sandbox', true),
  api('returns-api', 'returns', 11, 'buyer returns'),
  api('documents-api', 'documents', 12, 'documents'),
  api('finance-api', 'finance', 13, 'realization reports, balance'),
  api('common-api', 'common', undefined, '/ping, seller-info, tariffs, news'),
  api('user-management-api', 'user-management', 16, 'seller users'),

  // The seller portal (REFERENCE.md §2).
  portal('seller.wildberries.ru', 'portal-shell', 'the SPA shell and core /ns/* services'),
  portal('seller-auth.wildberries.ru', 'portal-auth', 'phone + SMS login, session refresh (slide-v3)'),
  portal('seller-services.wildberries.ru', 'portal-finance', 'finance and weekly reports, balance'),
  portal('seller-weekly-report.wildberries.ru', 'portal-analytics', 'analytics back-end'),
  portal('discounts-prices.wildberries.ru', 'portal-prices', 'prices and discounts, Excel export'),
  portal('seller-content.wildberries.ru', 'portal-content', 'cards table, content analytics, API tokens'),
  portal('seller-reviews.wildberries.ru', 'portal-reviews', 'reviews and questions'),
  portal('seller-supply.wildberries.ru', 'portal-supply', 'FBW supplies (JSON-RPC 2.0)'),
  portal('cmp.wildberries.ru', 'portal-cmp', 'the advertising cabinet (a separate SPA)'),
  portal('seller-communications.wildberries.ru', 'portal-communications', 'notifications, banners'),
  portal('antibot.wildberries.ru', 'portal-antibot', 'anti-bot challenges'),
  portal('pow.wb.ru', 'portal-antibot', 'proof-of-work anti-bot challenges'),
];

/** Numbered hosts. */
export const WB_HOST_PATTERNS: readonly WbHostPattern[] = [
  {
    pattern: 'basket-{NN}.wbbasket.ru',
    kind: 'static',
    role: 'static-basket',
    description: 'card photos: /vol{nm/1e5}/part{nm/1e3}/{nm}/images/{size}/{n}.webp',
    range: [1, 40],
  },
  {
    pattern: 'static-basket-{NN}.wbbasket.ru',
    kind: 'static',
    role: 'static-files',
    description: 'static files of the portal (scripts, fonts, documents)',
    range: [1, 20],
  },
  {
    pattern: 'static-basket-{NN}.wb.ru',
    kind: 'static',
    role: 'static-files',
    description: 'files linked from API answers (e.g. measurement photos in 12-reports.yaml)',
    range: [1, 20],
  },
  {
    pattern: 'feedback{NN}.wbbasket.ru',
    kind: 'static',
    role: 'static-feedback',
    description: 'photos attached to reviews',
    range: [1, 20],
  },
  {
    pattern: 'videofeedback{NN}.wbbasket.ru',
    kind: 'static',
    role: 'static-feedback-video',
    description: 'videos attached to reviews',
    range: [1, 20],
  },
  {
    pattern: 'videonme-basket-{NN}.wbbasket.ru',
    kind: 'static',
    role: 'static-card-video',
    description: 'card videos (HLS)',
    range: [1, 40],
  },
  {
    pattern: 'chat-basket-{NN}.wbbasket.ru',
    kind: 'static',
    role: 'static-chat',
    description: 'files attached to buyer chats',
    range: [1, 20],
  },
];

/** A resolved catalogue entry: an exact host, or a numbered host with its pattern and number. */
export interface WbHostEntry extends WbHost {
  /** Numbered hosts only: the pattern that matched and the number in the host name. */
  readonly pattern?: string;
  readonly number?: number;
}

const byHost = new Map(WB_HOSTS.map((h) => [h.host, h]));
const patternRegexes = WB_HOST_PATTERNS.map((p) => {
  const [before, after] = p.pattern.split('{NN}') as [string, string];
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return { pattern: p, regex: new RegExp(`^${escape(before)}(\\d{2})${escape(after)}$`) };
});

/**
 * Normalises what arrives in a `Host` header (or a URL's host): lower case, no port, no trailing dot.
 *
 * @example
 * normalizeHost('Statistics-API.wildberries.ru:443'); // 'statistics-api.wildberries.ru'
 */
export function normalizeHost(host: string): string {
  let h = host.trim().toLowerCase();
  if (h.startsWith('[')) return h; // an IPv6 literal is never a WB host
  const colon = h.lastIndexOf(':');
  if (colon !== -1) h = h.slice(0, colon);
  return h.endsWith('.') ? h.slice(0, -1) : h;
}

/**
 * Looks a host up in the catalogue (exact hosts first, then numbered patterns). Unknown hosts give
 * `undefined`, which callers treat as "not WB" and refuse.
 *
 * @example
 * lookupWbHost('basket-12.wbbasket.ru'); // { kind: 'static', role: 'static-basket', number: 12, … }
 */
export function lookupWbHost(host: string): WbHostEntry | undefined {
  const h = normalizeHost(host);
  const exact = byHost.get(h);
  if (exact) return exact;
  for (const { pattern, regex } of patternRegexes) {
    const m = regex.exec(h);
    if (!m) continue;
    const n = Number(m[1]);
    if (n < pattern.range[0] || n > pattern.range[1]) return undefined;
    return {
      host: h,
      kind: pattern.kind,
      role: pattern.role,
      description: pattern.description,
      pattern: pattern.pattern,
      number: n,
    };
  }
  return undefined;
}

/** Whether a host is one of WB's (exact or a numbered pattern within its range). */
export function isWbHost(host: string): boolean {
  return lookupWbHost(host) !== undefined;
}

/** Every host of a kind, numbered patterns expanded over their ranges (for allow-lists and CSP). */
export function expandWbHosts(kinds: readonly WbHostKind[] = ['seller-api', 'portal', 'static']): string[] {
  const out = WB_HOSTS.filter((h) => kinds.includes(h.kind)).map((h) => h.host);
  for (const p of WB_HOST_PATTERNS) {
    if (!kinds.includes(p.kind)) continue;
    for (let n = p.range[0]; n <= p.range[1]; n++)
      out.push(p.pattern.replace('{NN}', String(n).padStart(2, '0')));
  }
  return out;
}
