'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { toast } from 'sonner';
import type { UserView } from '../web/types.ts';
import { api } from './api-client.ts';
import { Avatar } from './avatar.tsx';
import { AvatarUpload } from './avatar-upload.tsx';
import { Button, Card, Field, Input, useErrorMessage, formText } from './kit.tsx';

export function ProfileView({ user }: { user: UserView }) {
  const t = useTranslations('profile');
  const tc = useTranslations('common');
  const errorMessage = useErrorMessage();
  const router = useRouter();
  const [avatarOpen, setAvatarOpen] = useState(false);
  const [passwordError, setPasswordError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'name' | 'password' | null>(null);

  async function saveName(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy('name');
    try {
      await api('/api/auth/me', {
        method: 'PATCH',
        json: { name: formText(new FormData(event.currentTarget), 'name') },
      });
      toast.success(tc('saved'));
      router.refresh();
    } catch (err) {
      toast.error(errorMessage(err));
    } finally {
      setBusy(null);
    }
  }

  async function changePassword(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    setPasswordError(null);
    if (form.get('newPassword') !== form.get('repeat')) {
      setPasswordError(t('passwordsDiffer'));
      return;
    }
    setBusy('password');
    try {
      await api('/api/auth/password', {
        json: { currentPassword: form.get('currentPassword'), newPassword: form.get('newPassword') },
      });
      formElement.reset();
      toast.success(t('passwordChanged'));
    } catch (err) {
      setPasswordError(errorMessage(err));
    } finally {
      setBusy(null);
    }
  }

  return (
    <div className="grid max-w-4xl gap-4 md:grid-cols-2">
      <Card title={t('about')}>
        <div className="mb-4 flex items-center gap-3">
          <Avatar name={user.name} avatarKey={user.avatarKey} size={64} />
          <Button onClick={() => setAvatarOpen(true)}>{t('changeAvatar')}</Button>
        </div>
        <form onSubmit={(e) => void saveName(e)} className="flex flex-col gap-3">
          <Field label={t('name')}>
            {(p) => <Input {...p} name="name" defaultValue={user.name} required maxLength={200} />}
          </Field>
          <p className="text-sm text-muted">{user.email}</p>
          <div>
            <Button type="submit" variant="primary" busy={busy === 'name'}>
              {tc('save')}
            </Button>
          </div>
        </form>
      </Card>
      <Card title={t('password')}>
        <form onSubmit={(e) => void changePassword(e)} className="flex flex-col gap-3">
          <Field label={t('currentPassword')}>
            {(p) => (
              <Input {...p} name="currentPassword" type="password" autoComplete="current-password" required />
            )}
          </Field>
          <Field label={t('newPassword')} hint={t('passwordHint')}>
            {(p) => (
              <Input
                {...p}
                name="newPassword"
                type="password"
                autoComplete="new-password"
                required
                minLength={10}
              />
            )}
          </Field>
          <Field label={t('repeat')} error={passwordError}>
            {(p) => <Input {...p} name="repeat" type="password" autoComplete="new-password" required />}
          </Field>
          <div>
            <Button type="submit" variant="primary" busy={busy === 'password'}>
              {t('changePassword')}
            </Button>
          </div>
        </form>
      </Card>
      <AvatarUpload
        userId={user.id}
        open={avatarOpen}
        onOpenChange={setAvatarOpen}
        onUploaded={() => {
          setAvatarOpen(false);
          router.refresh();
        }}
      />
    </div>
  );
}
