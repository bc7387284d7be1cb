'use client';

import { useTranslations } from 'next-intl';
import { safeReturnUrl } from '@joycity/shared/return-url';
import { useSearchParams } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { api, setCsrfToken } from '../../src/ui/api-client.ts';
import { Button, Field, Input, useErrorMessage } from '../../src/ui/kit.tsx';

export function LoginForm() {
  const t = useTranslations('login');
  const errorMessage = useErrorMessage();
  const params = useSearchParams();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
      // The login itself is CSRF-protected too: an anonymous token first.
      const { csrfToken } = await api<{ csrfToken: string }>('/api/auth/csrf');
      setCsrfToken(csrfToken);
      await api('/api/auth/login', { json: { email: form.get('email'), password: form.get('password') } });
      // Back where the user came from (the proxy sends `returnTo`), by the same rule the proxy applies.
      const target = params.get('returnTo') ?? params.get('next');
      const appDomain = window.location.hostname.replace(/^admin\./, '');
      window.location.assign(safeReturnUrl(target, { appDomain }) ?? '/');
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  }

  return (
    <form onSubmit={(e) => void submit(e)} className="flex flex-col gap-4" noValidate>
      <Field label={t('email')}>
        {(p) => <Input {...p} name="email" type="email" autoComplete="username" required autoFocus />}
      </Field>
      <Field label={t('password')}>
        {(p) => <Input {...p} name="password" type="password" autoComplete="current-password" required />}
      </Field>
      {error ? (
        <p role="alert" className="text-sm text-danger">
          {error}
        </p>
      ) : null}
      <Button type="submit" variant="primary" busy={busy}>
        {t('submit')}
      </Button>
    </form>
  );
}
