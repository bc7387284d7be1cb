import { headers } from 'next/headers';
import { getRequestConfig } from 'next-intl/server';
import { INTERNAL_HEADERS } from '../web/bridge.ts';
import { FORMATS, TIME_ZONE } from '../web/formats.ts';

/**
 * The locale of a request: the signed-in user's choice, else the `jc_locale` cookie, else Russian. Our
 * server (src/main.ts) decides it and passes it in a header it alone sets.
 */
export default getRequestConfig(async () => {
  const locale = (await headers()).get(INTERNAL_HEADERS.locale) === 'en' ? 'en' : 'ru';
  const messages = (
    locale === 'en' ? await import('../../messages/en.json') : await import('../../messages/ru.json')
  ) as { default: Record<string, unknown> };
  return {
    locale,
    messages: messages.default,
    timeZone: TIME_ZONE,
    formats: FORMATS,
  };
});
