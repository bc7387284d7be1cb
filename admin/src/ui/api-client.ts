'use client';

/**
 * The browser's way to the API: same origin (so the browser sends `Origin` and the cookies), the CSRF token
 * from the session (see CsrfProvider), JSON in and out. Expired access tokens renew on the server by
 * themselves; an ended sign-in answers 401 and sends the browser to the login page.
 */
let csrfToken = '';

export function setCsrfToken(token: string): void {
  csrfToken = token;
}

export class ApiClientError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: Record<string, unknown> | undefined;
  constructor(status: number, code: string, message: string, details?: Record<string, unknown>) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

const SIGNED_OUT = new Set([
  'AUTH_REQUIRED',
  'TOKEN_EXPIRED',
  'TOKEN_INVALID',
  'SESSION_REVOKED',
  'SESSION_EXPIRED',
  'SESSION_UNKNOWN',
  'REFRESH_INVALID',
  'REFRESH_REUSED',
  'USER_DISABLED',
]);

export async function parseError(res: Response): Promise<ApiClientError> {
  const body = (await res.json().catch(() => null)) as {
    error?: { code?: string; message?: string; details?: Record<string, unknown> };
  } | null;
  return new ApiClientError(
    res.status,
    body?.error?.code ?? (res.status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST'),
    body?.error?.message ?? res.statusText,
    body?.error?.details,
  );
}

export function redirectToLogin(): void {
  const next = `${window.location.pathname}${window.location.search}`;
  window.location.assign(`/login?next=${encodeURIComponent(next)}`);
}

export async function api<T = unknown>(
  path: string,
  options: { method?: string; json?: unknown; body?: BodyInit; headers?: Record<string, string> } = {},
): Promise<T> {
  const method = options.method ?? (options.json !== undefined ? 'POST' : 'GET');
  const headers = new Headers(options.headers);
  if (method !== 'GET' && csrfToken) headers.set('x-csrf-token', csrfToken);
  if (options.json !== undefined) headers.set('content-type', 'application/json');
  const res = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    ...(options.json !== undefined
      ? { body: JSON.stringify(options.json) }
      : options.body
        ? { body: options.body }
        : {}),
  });
  if (!res.ok) {
    const error = await parseError(res);
    if (res.status === 401 && SIGNED_OUT.has(error.code) && !path.startsWith('/api/auth/login'))
      redirectToLogin();
    throw error;
  }
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  return (type.includes('json') ? await res.json() : await res.blob()) as T;
}

/**
 * Uploads with progress (fetch cannot report upload progress; XMLHttpRequest can).
 */
export function uploadWithProgress<T>(
  path: string,
  body: Blob,
  contentType: string,
  onProgress: (fraction: number) => void,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.setRequestHeader('content-type', contentType);
    if (csrfToken) xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onerror = () => reject(new ApiClientError(0, 'NETWORK_ERROR', 'Network error'));
    xhr.onload = () => {
      const res = new Response(xhr.responseText, {
        status: xhr.status,
        headers: { 'content-type': 'application/json' },
      });
      if (xhr.status >= 200 && xhr.status < 300) resolve(JSON.parse(xhr.responseText) as T);
      else void parseError(res).then(reject);
    };
    xhr.send(body);
  });
}

/** Saves a file the API answers with (Excel templates, exports, reports). */
export async function download(path: string, fileName: string): Promise<void> {
  const blob = await api<Blob>(path);
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
