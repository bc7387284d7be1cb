'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import type { Theme, UiLocale } from '../web/bridge.ts';
import { changeLocale, changeTheme } from './preferences.ts';
import { cx } from './kit.tsx';

/** Two small segmented controls: language and theme. Keyboard: Tab to a group, Enter/Space to choose. */
export function PrefSwitchers({ signedIn, initialTheme }: { signedIn: boolean; initialTheme: Theme }) {
  const t = useTranslations('prefs');
  const locale = useLocale() as UiLocale;
  const router = useRouter();
  const [theme, setTheme] = useState<Theme>(initialTheme);
  const [pending, startTransition] = useTransition();

  const segment = (active: boolean) =>
    cx(
      'rounded px-2 py-1 text-xs font-medium',
      active ? 'bg-accent text-accent-fg' : 'text-muted hover:bg-surface-2',
    );

  return (
    <div className="flex items-center gap-3" aria-busy={pending || undefined}>
      <div
        role="group"
        aria-label={t('language')}
        className="flex gap-0.5 rounded-md border border-border p-0.5"
      >
        {(['ru', 'en'] as const).map((l) => (
          <button
            key={l}
            type="button"
            aria-pressed={locale === l}
            className={segment(locale === l)}
            onClick={() => void changeLocale(l, signedIn).then(() => startTransition(() => router.refresh()))}
          >
            {l === 'ru' ? 'RU' : 'EN'}
          </button>
        ))}
      </div>
      <div
        role="group"
        aria-label={t('theme')}
        className="flex gap-0.5 rounded-md border border-border p-0.5"
      >
        {(['light', 'dark', 'system'] as const).map((th) => (
          <button
            key={th}
            type="button"
            aria-pressed={theme === th}
            title={t(`themes.${th}`)}
            className={segment(theme === th)}
            onClick={() => {
              setTheme(th);
              void changeTheme(th, signedIn);
            }}
          >
            {t(`themes.${th}`)}
          </button>
        ))}
      </div>
    </div>
  );
}
