import { Suspense } from 'react';
import { getTranslations } from 'next-intl/server';
import { PrefSwitchers } from '../../src/ui/pref-switchers.tsx';
import { getUiPrefs } from '../../src/web/server.ts';
import { LoginForm } from './login-form.tsx';

export async function generateMetadata() {
  return { title: (await getTranslations('login'))('title') };
}

export default async function LoginPage() {
  const t = await getTranslations('login');
  const { theme } = await getUiPrefs();
  return (
    <main className="flex min-h-screen flex-col items-center justify-center gap-6 p-4">
      <div className="w-full max-w-sm rounded-xl border border-border bg-surface p-6 shadow-sm">
        <h1 className="mb-1 text-xl font-semibold">{t('title')}</h1>
        <p className="mb-5 text-sm text-muted">{t('subtitle')}</p>
        <Suspense>
          <LoginForm />
        </Suspense>
      </div>
      <PrefSwitchers signedIn={false} initialTheme={theme} />
    </main>
  );
}
