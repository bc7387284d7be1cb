/**
 * The status panel's checks: every browser pattern the portal uses records whether it worked. States live in
 * sessionStorage so checks made on one page load (a form post, a popup) are still shown after navigation.
 */

export type CheckState = 'pending' | 'ok' | 'fail' | 'refused';

export interface Check {
  state: CheckState;
  detail: string;
  at: string;
}

export const CHECK_NAMES: Record<string, string> = {
  fetch: 'fetch() к API других поддоменов',
  xhr: 'XMLHttpRequest',
  websocket: 'WebSocket уведомлений',
  eventsource: 'EventSource (счётчики)',
  beacon: 'navigator.sendBeacon',
  worker: 'Web Worker',
  postMessage: 'postMessage между хостами',
  serviceWorker: 'Service worker',
  dynamicImport: 'Динамический import()',
  cssUrl: 'CSS url()',
  srcset: 'srcset изображений',
  formPost: 'Отправка HTML-формы',
  windowOpen: 'window.open',
  sellerLk: 'Токен wb-seller-lk',
  upgradeCookie: 'upgrade-cookie-authv3',
};

const KEY = 'wb-portal-status';
const listeners = new Set<() => void>();

export function allChecks(): Record<string, Check> {
  try {
    return JSON.parse(sessionStorage.getItem(KEY) ?? '{}') as Record<string, Check>;
  } catch {
    return {};
  }
}

export function setCheck(name: string, state: CheckState, detail = ''): void {
  const all = allChecks();
  all[name] = { state, detail, at: new Date().toISOString() };
  sessionStorage.setItem(KEY, JSON.stringify(all));
  for (const fn of listeners) fn();
}

export function onChecks(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}
