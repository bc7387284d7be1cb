import { originOf } from '../lib/hosts.ts';
import { h } from '../lib/ui.ts';

/**
 * The notifications widget, embedded by the portal in an iframe from seller-communications. It tells the
 * parent how many notifications are unread (postMessage to the portal's origin only), and answers the
 * parent's acknowledgement after checking where it came from.
 */

const root = document.getElementById('widget') as HTMLElement;
const parentOrigin = originOf('shell');

async function main(): Promise<void> {
  const res = await fetch('/ns/notifications/api/v1/notifications?limit=5', { credentials: 'include' });
  const body = (await res.json()) as { data?: { unread: number; notifications: Array<{ title: string }> } };
  const unread = body.data?.unread ?? 0;
  root.replaceChildren(
    h('span', {}, 'Уведомления'),
    h('span', { class: 'count', 'data-unread': String(unread) }, String(unread)),
  );
  root.title = (body.data?.notifications ?? []).map((n) => n.title).join('\n');
  window.addEventListener('message', (e: MessageEvent<{ type?: string }>) => {
    if (e.origin !== parentOrigin || e.source !== window.parent) return;
    if (e.data?.type === 'wb-notifications-ack')
      window.parent.postMessage({ type: 'wb-notifications-ready', unread }, parentOrigin);
  });
  window.parent.postMessage({ type: 'wb-notifications', unread }, parentOrigin);
}

void main();
