import { PAGE_TEXTS, type Locale, type PageKind } from './messages.ts';

export type { Locale, PageKind } from './messages.ts';

const escape = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!,
  );

/**
 * One of the proxy's own pages: plain HTML, no script, in the user's language. `adminUrl` adds a link back
 * to the admin; `code` names the reason (shown small, for support).
 */
export function renderPage(kind: PageKind, locale: Locale, extra: { code?: string; adminUrl?: string } = {}) {
  const text = PAGE_TEXTS[kind][locale];
  const back = locale === 'ru' ? 'Вернуться в JoyCity' : 'Back to JoyCity';
  return `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escape(text.title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;margin:0;display:flex;min-height:100vh;align-items:center;justify-content:center;background:#f6f5fa;color:#222}
main{max-width:32rem;padding:2rem;background:#fff;border-radius:12px;box-shadow:0 1px 4px #0002}h1{font-size:1.3rem;margin-top:0}small{color:#777}a{color:#7a2bd6}</style>
</head><body><main data-joycity-page="${kind}"><h1>${escape(text.title)}</h1><p>${escape(text.body)}</p>
${extra.adminUrl ? `<p><a href="${escape(extra.adminUrl)}">${back}</a></p>` : ''}${extra.code ? `<p><small>${escape(extra.code)}</small></p>` : ''}
</main></body></html>`;
}

/** The page language: the user's own, else the first of Accept-Language we speak, else Russian. */
export function pickLocale(userLocale: Locale | undefined, acceptLanguage: string | undefined): Locale {
  if (userLocale) return userLocale;
  for (const part of (acceptLanguage ?? '').split(',')) {
    const tag = part.trim().slice(0, 2).toLowerCase();
    if (tag === 'ru' || tag === 'en') return tag;
  }
  return 'ru';
}
