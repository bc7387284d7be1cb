'use client';

import { useTranslations } from 'next-intl';
import { useState, type FormEvent } from 'react';
import { toast } from 'sonner';
import type { UserView } from '../web/types.ts';
import { api } from './api-client.ts';
import { Button, Checkbox, Dialog, Field, Input, Select, useErrorMessage, formText } from './kit.tsx';
import { ASSIGNABLE_ROLES } from './users-view.tsx';

export function UserDialog({
  user,
  accounts,
  isSelf,
  onClose,
  onSaved,
}: {
  user: UserView | null;
  accounts: Array<{ id: number; name: string }>;
  isSelf: boolean;
  onClose: () => void;
  onSaved: () => void;
}) {
  const t = useTranslations('users');
  const tc = useTranslations('common');
  const tr = useTranslations('roles');
  const errorMessage = useErrorMessage();
  const [roles, setRoles] = useState<string[]>(user?.roles ?? ['MANAGER']);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const accountRaw = formText(form, 'accountId');
    const body: Record<string, unknown> = {
      name: formText(form, 'name'),
      email: formText(form, 'email'),
      roles: roles.filter((r) => r !== 'ADMIN' || user?.roles.includes('ADMIN')),
      accountId: accountRaw ? Number(accountRaw) : null,
    };
    if (!user) body.password = formText(form, 'password');
    if (user?.roles.includes('ADMIN')) body.roles = roles;
    setBusy(true);
    setError(null);
    try {
      await api(user ? `/api/users/${user.id}` : '/api/users', {
        method: user ? 'PATCH' : 'POST',
        json: body,
      });
      toast.success(user ? tc('saved') : t('created'));
      onSaved();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog
      open
      onOpenChange={(open) => !open && onClose()}
      title={user ? t('editTitle', { name: user.name }) : t('create')}
    >
      <form onSubmit={(e) => void submit(e)} className="flex flex-col gap-3">
        <Field label={t('name')}>
          {(p) => <Input {...p} name="name" defaultValue={user?.name} required maxLength={200} />}
        </Field>
        <Field label={t('email')}>
          {(p) => <Input {...p} name="email" type="email" defaultValue={user?.email} required />}
        </Field>
        {!user ? (
          <Field label={t('password')} hint={t('passwordHint')}>
            {(p) => (
              <Input
                {...p}
                name="password"
                type="password"
                autoComplete="new-password"
                required
                minLength={10}
              />
            )}
          </Field>
        ) : null}
        <fieldset className="flex flex-col gap-1">
          <legend className="mb-1 text-sm font-medium">{t('roles')}</legend>
          <div className="grid grid-cols-2 gap-1">
            {ASSIGNABLE_ROLES.map((r) => (
              <Checkbox
                key={r}
                label={tr(r)}
                name={`role-${r}`}
                checked={roles.includes(r)}
                disabled={isSelf && !roles.includes(r)}
                onChange={(e) =>
                  setRoles((list) => (e.target.checked ? [...list, r] : list.filter((x) => x !== r)))
                }
              />
            ))}
          </div>
          {user?.roles.includes('ADMIN') ? <p className="text-xs text-muted">{t('adminNote')}</p> : null}
        </fieldset>
        <Field label={t('account')}>
          {(p) => (
            <Select {...p} name="accountId" defaultValue={user?.currentAccountId ?? ''}>
              <option value="">{t('noAccount')}</option>
              {accounts.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </Select>
          )}
        </Field>
        {error ? (
          <p role="alert" className="text-sm text-danger">
            {error}
          </p>
        ) : null}
        <div className="mt-2 flex justify-end gap-2">
          <Button onClick={onClose}>{tc('cancel')}</Button>
          <Button type="submit" variant="primary" busy={busy}>
            {user ? tc('save') : tc('create')}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

export function ResetPasswordDialog({ user, onClose }: { user: UserView; onClose: () => void }) {
  const t = useTranslations('users');
  const tc = useTranslations('common');
  const errorMessage = useErrorMessage();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const password = formText(new FormData(event.currentTarget), 'password');
    setBusy(true);
    try {
      await api(`/api/users/${user.id}`, { method: 'PATCH', json: { password } });
      toast.success(t('passwordReset'));
      onClose();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog
      open
      onOpenChange={(open) => !open && onClose()}
      title={t('resetTitle', { name: user.name })}
      description={t('resetHint')}
    >
      <form onSubmit={(e) => void submit(e)} className="flex flex-col gap-3">
        <Field label={t('newPassword')} hint={t('passwordHint')} error={error}>
          {(p) => (
            <Input
              {...p}
              name="password"
              type="password"
              autoComplete="new-password"
              required
              minLength={10}
            />
          )}
        </Field>
        <div className="flex justify-end gap-2">
          <Button onClick={onClose}>{tc('cancel')}</Button>
          <Button type="submit" variant="primary" busy={busy}>
            {t('resetPassword')}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
