import type { Metadata } from 'next';
import { NextIntlClientProvider } from 'next-intl';
import { getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import { Toasts } from '../src/ui/toasts.tsx';
import { FORMATS, TIME_ZONE } from '../src/web/formats.ts';
import { getUiPrefs } from '../src/web/server.ts';
import './globals.css';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('common');
  return { title: { default: t('appName'), template: `%s · ${t('appName')}` } };
}

/** The theme is on <html> from the first byte (the user's choice or the jc_theme cookie): no flash. */
export default async function RootLayout({ children }: { children: ReactNode }) {
  const { theme, locale } = await getUiPrefs();
  return (
    <html lang={locale} data-theme={theme} suppressHydrationWarning>
      <body className="min-h-screen font-sans antialiased">
        <NextIntlClientProvider timeZone={TIME_ZONE} formats={FORMATS}>
          {children}
          <Toasts />
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
