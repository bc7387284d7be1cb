/**
 * What a manager must never do or see through the proxy, derived from the emulator's "Sensitive endpoints"
 * (wb-emulator/README.md) and WB's portal. Data, matched by a pure function; the pipeline answers a blocked
 * request with a 403 page (navigations) or a JSON error, and audits it.
 *
 * Two login-and-refresh endpoints are not blocked but answered by the proxy itself (see `local-answers.ts`):
 * `upgrade-cookie-authv3` and the `wb-seller-lk` `auth/token`: the browser gets placeholders.
 */
export type DenyCategory = 'api-tokens' | 'users' | 'requisites' | 'legal-entity' | 'logout' | 'login';

export interface DenyRule {
  id: string;
  category: DenyCategory;
  /** The WB host, or `*`. */
  host: string;
  /** Upper-case methods, or undefined for all. */
  methods?: readonly string[];
  /** Exact path, or a prefix when it ends with `/` or `*` (the `*` is dropped). */
  path: string;
  /** JSON-RPC methods (in a single call or any element of a batch) the rule applies to. */
  rpcMethods?: readonly string[];
}

const SHELL = 'seller.wildberries.ru';
const AUTH = 'seller-auth.wildberries.ru';
const CONTENT = 'seller-content.wildberries.ru';
const SERVICES = 'seller-services.wildberries.ru';

export const DENY_RULES: readonly DenyRule[] = [
  { id: 'api-tokens.api', category: 'api-tokens', host: CONTENT, path: '/ns/suppliers-auth-tokens/*' },
  { id: 'api-tokens.page', category: 'api-tokens', host: SHELL, path: '/supplier-settings/access-to-api' },
  { id: 'users.api', category: 'users', host: SHELL, path: '/ns/users-management/*' },
  { id: 'users.page', category: 'users', host: SHELL, path: '/supplier-settings/users' },
  { id: 'requisites.api', category: 'requisites', host: SERVICES, path: '/ns/requisites/*' },
  { id: 'requisites.page', category: 'requisites', host: SHELL, path: '/supplier-settings/requisites' },
  {
    id: 'legal-entity.change',
    category: 'legal-entity',
    host: SHELL,
    path: '/ns/suppliers/*',
    rpcMethods: ['changeSupplier'],
  },
  { id: 'legal-entity.page', category: 'legal-entity', host: SHELL, path: '/suppliers' },
  { id: 'logout.shell', category: 'logout', host: SHELL, path: '/logout' },
  { id: 'logout.auth', category: 'logout', host: AUTH, path: '/auth/v2/auth/logout*' },
  { id: 'login.page', category: 'login', host: AUTH, path: '/*' },
  { id: 'login.pow', category: 'login', host: 'pow.wb.ru', path: '/*' },
  { id: 'login.shell', category: 'login', host: SHELL, path: '/login' },
  { id: 'login.passport', category: 'login', host: SHELL, path: '/ns/passport/*' },
];

export interface DenyInput {
  wbHost: string;
  method: string;
  path: string;
  /** JSON-RPC methods named by the request body (empty when it is not JSON-RPC). */
  rpcMethods: readonly string[];
}

function pathMatches(pattern: string, path: string): boolean {
  const lower = decodeSafely(path)
    .toLowerCase()
    .replace(/\/{2,}/g, '/');
  if (pattern.endsWith('*')) return lower.startsWith(pattern.slice(0, -1));
  if (pattern.endsWith('/')) return lower.startsWith(pattern);
  return lower === pattern || lower === `${pattern}/`;
}

function decodeSafely(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/** The first rule a request breaks, or undefined. */
export function matchDenyRule(
  input: DenyInput,
  rules: readonly DenyRule[] = DENY_RULES,
): DenyRule | undefined {
  return rules.find(
    (rule) =>
      (rule.host === '*' || rule.host === input.wbHost) &&
      (!rule.methods || rule.methods.includes(input.method)) &&
      pathMatches(rule.path, input.path) &&
      (!rule.rpcMethods || input.rpcMethods.some((m) => rule.rpcMethods!.includes(m))),
  );
}

/** JSON-RPC method names in a request body (a call or a batch); empty for anything else. */
export function rpcMethodsOf(body: Uint8Array | undefined): string[] {
  if (!body || body.length === 0 || body.length > 1_000_000) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(body).toString('utf8'));
  } catch {
    return [];
  }
  const calls = Array.isArray(parsed) ? parsed : [parsed];
  return calls.flatMap((c) =>
    c && typeof c === 'object' && typeof (c as { method?: unknown }).method === 'string'
      ? [(c as { method: string }).method]
      : [],
  );
}
