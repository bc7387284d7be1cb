import { JSON_TYPE } from '../../http/responses.ts';

/**
 * The portal's REST answers (`/ns/*`): `{"data":…,"error":false,"errorText":"","additionalErrors":null}`;
 * failures carry `error: true`, `errorText` and `data: null`.
 */
export function nsOk(data: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ data, error: false, errorText: '', additionalErrors: null }), {
    status: 200,
    headers: { 'content-type': JSON_TYPE, ...headers },
  });
}

export function nsFail(
  status: number,
  errorText: string,
  additionalErrors: unknown = null,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify({ data: null, error: true, errorText, additionalErrors }), {
    status,
    headers: { 'content-type': JSON_TYPE, ...headers },
  });
}

/** A bad request parameter, named. */
export class PortalParamError extends Error {}
