import { chromium, type Browser } from 'playwright-core';

/**
 * Headless Debian Chromium for the proxy's browser tests: our test domain and every WB domain resolve to this
 * machine (so a request that escapes the proxy to a WB host is seen, not sent to WB), and the public origin
 * counts as secure over plain http, so `navigator.serviceWorker` exists and its refusal is really the runtime's.
 *
 * @example
 * browser = await launchPortalChromium(`http://wb-seller.joycity.test:${port}`);
 */
export function launchPortalChromium(publicOrigin: string): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--host-resolver-rules=MAP *.joycity.test 127.0.0.1, MAP *.wildberries.ru 127.0.0.1, MAP *.wbbasket.ru 127.0.0.1, MAP *.wb.ru 127.0.0.1',
      `--unsafely-treat-insecure-origin-as-secure=${publicOrigin}`,
    ],
  });
}
