import { originOf } from '../lib/hosts.ts';
import { h } from '../lib/ui.ts';

/**
 * WB's seller login: phone → anti-bot proof of work (pow.wb.ru) → SMS code → session cookies, then back to
 * the page that sent us here.
 */

const config = (window as unknown as { __WB_CONFIG__: { redirectUrl: string } }).__WB_CONFIG__;
const root = document.getElementById('login-root') as HTMLElement;

function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

async function post<T>(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: T }> {
  const res = await fetch(url, {
    method: 'POST',
    credentials: 'include',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json().catch(() => ({}))) as T };
}

/** pow.wb.ru: a challenge solved here, exchanged for a one-time token. */
async function powToken(): Promise<string> {
  const pow = originOf('pow');
  const { body: ch } = await post<{ id: string; prefix: string; difficulty: number }>(
    `${pow}/api/v1/challenge`,
    {},
  );
  let nonce = 0;
  while (fnv1a32(ch.prefix + String(nonce)) >>> (32 - ch.difficulty) !== 0) nonce++;
  const { body } = await post<{ token?: string; error?: string }>(`${pow}/api/v1/verify`, {
    id: ch.id,
    nonce: String(nonce),
  });
  if (!body.token) throw new Error(body.error ?? 'anti-bot check failed');
  return body.token;
}

function card(...children: Array<Node | string>): HTMLElement {
  return h('div', { class: 'auth-card' }, h('div', { class: 'auth-logo' }), ...children);
}

function phoneStep(): void {
  const phone = h('input', {
    type: 'tel',
    name: 'phone',
    placeholder: '+7 999 123-45-67',
    autocomplete: 'tel',
    required: true,
  });
  const error = h('p', { class: 'error', 'data-error': '' });
  const button = h('button', { type: 'submit' }, 'Получить код');
  const form = h(
    'form',
    {
      'data-step': 'phone',
      onsubmit: (e: Event) => {
        e.preventDefault();
        button.disabled = true;
        error.textContent = '';
        void (async () => {
          try {
            await post(`${originOf('antibot')}/api/v1/device`, {});
            const token = await powToken();
            const { status, body } = await post<{
              payload?: { sticker: string; code_length: number };
              error?: string;
            }>(
              '/auth/v2/code',
              { phone_number: phone.value.replace(/[\s()-]/g, '') },
              { 'x-pow-token': token },
            );
            if (status !== 200 || !body.payload) throw new Error(body.error ?? `HTTP ${status}`);
            codeStep(phone.value, body.payload.sticker, body.payload.code_length);
          } catch (err) {
            error.textContent = err instanceof Error ? err.message : String(err);
            button.disabled = false;
          }
        })();
      },
    },
    h('label', {}, 'Номер телефона', phone),
    button,
    error,
  );
  root.replaceChildren(card(h('h1', {}, 'Вход в личный кабинет продавца'), form));
  phone.focus();
}

function codeStep(phone: string, sticker: string, length: number): void {
  const code = h('input', {
    type: 'text',
    name: 'code',
    inputmode: 'numeric',
    maxlength: length,
    autocomplete: 'one-time-code',
    required: true,
  });
  const error = h('p', { class: 'error', 'data-error': '' });
  const form = h(
    'form',
    {
      'data-step': 'code',
      onsubmit: (e: Event) => {
        e.preventDefault();
        void (async () => {
          const { status, body } = await post<{ result: number; error?: string }>('/auth/v2/auth', {
            sticker,
            code: code.value.trim(),
          });
          if (status === 200 && body.result === 0) location.assign(config.redirectUrl);
          else error.textContent = body.error ?? `HTTP ${status}`;
        })();
      },
    },
    h('p', { class: 'muted' }, `Код отправлен на ${phone}`),
    h('label', {}, 'Код из SMS', code),
    h('button', { type: 'submit' }, 'Войти'),
    error,
  );
  root.replaceChildren(card(h('h1', {}, 'Введите код'), form));
  code.focus();
}

phoneStep();
