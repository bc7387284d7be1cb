/**
 * The portal's service worker (WB registers one for offline pages and push). It takes control at once and
 * answers a version query; it does not intercept requests.
 */

/** The service-worker scope, typed narrowly (the DOM and WebWorker libraries cannot share one program). */
interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface SwScope {
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  addEventListener(type: 'install', fn: (e: ExtendableEvent) => void): void;
  addEventListener(type: 'activate', fn: (e: ExtendableEvent) => void): void;
  addEventListener(
    type: 'message',
    fn: (e: MessageEvent & { source: { postMessage(m: unknown): void } | null }) => void,
  ): void;
}

const sw = self as unknown as SwScope;
sw.addEventListener('install', (e) => e.waitUntil(sw.skipWaiting()));
sw.addEventListener('activate', (e) => e.waitUntil(sw.clients.claim()));
sw.addEventListener('message', (e) => {
  if ((e.data as { type?: string } | null)?.type === 'version')
    e.source?.postMessage({ type: 'version', version: 'emulator-2026.11' });
});
