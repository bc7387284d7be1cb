'use client';

import { useTranslations } from 'next-intl';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useEffect, useState, type ReactNode } from 'react';
import type { Theme } from '../web/bridge.ts';
import type { Me } from '../web/types.ts';
import { api, setCsrfToken } from './api-client.ts';
import { Avatar } from './avatar.tsx';
import { Button, cx } from './kit.tsx';
import { allowedNav } from './nav.ts';
import { PrefSwitchers } from './pref-switchers.tsx';

export function Shell({ me, theme, children }: { me: Me; theme: Theme; children: ReactNode }) {
  const t = useTranslations('nav');
  const pathname = usePathname();
  const [busy, setBusy] = useState(false);
  setCsrfToken(me.csrfToken);
  useEffect(() => setCsrfToken(me.csrfToken), [me.csrfToken]);

  async function logout() {
    setBusy(true);
    await api('/api/auth/logout', { method: 'POST' }).catch(() => undefined);
    window.location.assign('/login');
  }

  return (
    <div className="flex min-h-screen">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-surface focus:p-2"
      >
        {t('skip')}
      </a>
      <aside className="hidden w-56 shrink-0 flex-col border-r border-border bg-surface md:flex">
        <div className="px-4 py-4 text-lg font-semibold">JoyCity</div>
        <nav aria-label={t('label')} className="flex flex-col gap-0.5 px-2">
          {allowedNav(me.permissions).map((item) =>
            item.external ? (
              <a
                key={item.href}
                href={item.href}
                target="_blank"
                rel="noreferrer"
                className="rounded-md px-3 py-2 text-sm text-muted hover:bg-surface-2 hover:text-fg"
              >
                {t(item.key)} ↗
              </a>
            ) : (
              <Link
                key={item.href}
                href={item.href}
                aria-current={pathname.startsWith(item.href) ? 'page' : undefined}
                className={cx(
                  'rounded-md px-3 py-2 text-sm',
                  pathname.startsWith(item.href)
                    ? 'bg-accent/15 font-medium text-accent'
                    : 'text-muted hover:bg-surface-2 hover:text-fg',
                )}
              >
                {t(item.key)}
              </Link>
            ),
          )}
        </nav>
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="flex flex-wrap items-center justify-end gap-3 border-b border-border bg-surface px-4 py-2">
          <nav aria-label={t('label')} className="mr-auto flex gap-2 overflow-x-auto md:hidden">
            {allowedNav(me.permissions)
              .filter((i) => !i.external)
              .map((item) => (
                <Link key={item.href} href={item.href} className="whitespace-nowrap text-sm text-muted">
                  {t(item.key)}
                </Link>
              ))}
          </nav>
          <PrefSwitchers signedIn initialTheme={theme} />
          <Link href="/profile" className="flex items-center gap-2 text-sm">
            <Avatar name={me.user.name} avatarKey={me.user.avatarKey} size={28} />
            <span className="hidden sm:inline" data-testid="me-name">
              {me.user.name}
            </span>
          </Link>
          <Button size="sm" onClick={() => void logout()} busy={busy}>
            {t('logout')}
          </Button>
        </header>
        <main id="main" className="min-w-0 flex-1 p-4 md:p-6">
          {children}
        </main>
      </div>
    </div>
  );
}
