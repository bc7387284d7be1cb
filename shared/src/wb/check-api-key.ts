import {
  apiKeyProblems,
  decodeApiKeyClaims,
  normalizeApiKey,
  type ApiKeyClaims,
  type ApiKeyProblem,
} from './api-key-claims.ts';
import { createWbHttp, type WbHttp } from './wb-request.ts';

/**
 * The check an admin's new (or replacement) API key goes through before it is stored: first what the key
 * says about itself (decoded without verifying: expired, a test key, or missing the statistics or finance
 * category are refused, each by its code), then ONE cheap live call — `GET /ping` on statistics-api, which
 * answers 401 for a withdrawn key or one without the statistics category — and its verdict.
 */

export type ApiKeyCheck =
  | { ok: true; claims: ApiKeyClaims; live: { status: number } }
  | {
      ok: false;
      code: string;
      message: string;
      claims?: ApiKeyClaims;
      problems?: ApiKeyProblem[];
      details?: Record<string, unknown>;
    };

/** Where the live check goes: statistics-api's ping (every API host has one; 3 per 30 s). */
export const API_KEY_PING_URL = 'https://statistics-api.wildberries.ru/ping';

/**
 * @example
 * const verdict = await checkApiKey(key, { http: createWbHttp({ upstreamOverride }) });
 * if (!verdict.ok) throw new ValidationError(verdict.message);
 */
export async function checkApiKey(
  apiKey: string,
  deps: { http: WbHttp; now?: Date; timeoutMs?: number },
): Promise<ApiKeyCheck> {
  let claims: ApiKeyClaims;
  try {
    claims = decodeApiKeyClaims(apiKey);
  } catch (err) {
    return { ok: false, code: 'API_KEY_MALFORMED', message: (err as Error).message };
  }
  const problems = apiKeyProblems(claims, deps.now);
  if (problems.length > 0) {
    return {
      ok: false,
      code: problems[0]!.code,
      message: problems.map((p) => p.message).join('; '),
      claims,
      problems,
      details: { problems: problems.map((p) => ({ code: p.code, ...(p.details ?? {}) })) },
    };
  }
  return { ...(await pingWithKey(normalizeApiKey(apiKey), deps)), claims };
}

/** The live half alone (the account service has decoded the key already). */
export async function pingWithKey(
  apiKey: string,
  deps: { http: WbHttp; timeoutMs?: number },
): Promise<
  | { ok: true; live: { status: number } }
  | { ok: false; code: string; message: string; details?: Record<string, unknown> }
> {
  let status: number;
  let detail: string;
  try {
    const res = await deps.http({
      method: 'GET',
      url: API_KEY_PING_URL,
      apiKey,
      signal: AbortSignal.timeout(deps.timeoutMs ?? 10_000),
    });
    status = res.status;
    if (status === 200) {
      await res.dump();
      return { ok: true, live: { status } };
    }
    detail = await res
      .text()
      .then((t) => {
        const body = JSON.parse(t) as { detail?: unknown; title?: unknown };
        return typeof body.detail === 'string'
          ? body.detail
          : typeof body.title === 'string'
            ? body.title
            : '';
      })
      .catch(() => '');
  } catch (err) {
    return {
      ok: false,
      code: 'WB_UNREACHABLE',
      message: `WB did not answer the key check (${(err as Error).message}); try again later`,
    };
  }
  if (status === 401) {
    return {
      ok: false,
      code: 'WB_KEY_401',
      message: `WB refused the key (401${detail ? `: ${detail}` : ''}): it is withdrawn, expired or lacks the statistics category`,
      details: { status },
    };
  }
  if (status === 429) {
    return {
      ok: false,
      code: 'WB_RATE_LIMITED',
      message: 'WB rate-limited the key check (429); try again in a minute',
      details: { status },
    };
  }
  return {
    ok: false,
    code: `WB_KEY_${status}`,
    message: `WB answered the key check with ${status}${detail ? `: ${detail}` : ''}`,
    details: { status },
  };
}

/**
 * The account service's live API-key validator (`AccountValidators.apiKey`): the decode checks already ran
 * there, so this is the `/ping` alone.
 *
 * @example
 * createAccountService({ db, box, validators: { apiKey: createApiKeyValidator({ upstreamOverride }) } });
 */
export function createApiKeyValidator(options: { http?: WbHttp; upstreamOverride?: string | undefined }) {
  const http = options.http ?? createWbHttp({ upstreamOverride: options.upstreamOverride });
  return async function validateApiKeyLive(
    apiKey: string,
  ): Promise<{ ok: true } | { ok: false; code: string; message: string; details?: Record<string, unknown> }> {
    const verdict = await pingWithKey(apiKey, { http });
    return verdict.ok ? { ok: true } : verdict;
  };
}
