'use client';

import { useFormatter, useTranslations } from 'next-intl';
import { usePathname, useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { toast } from 'sonner';
import type { Me, UserView } from '../web/types.ts';
import { api } from './api-client.ts';
import { Avatar } from './avatar.tsx';
import { AvatarUpload } from './avatar-upload.tsx';
import {
  Badge,
  Button,
  Confirm,
  EmptyState,
  Input,
  Menu,
  PageHeader,
  Select,
  Table,
  Td,
  Th,
  useErrorMessage,
  formText,
} from './kit.tsx';
import { ResetPasswordDialog, UserDialog } from './user-dialog.tsx';

export interface UserPage {
  items: UserView[];
  total: number;
}

export const ASSIGNABLE_ROLES = [
  'DIRECTOR',
  'HEAD_OF_SALES',
  'MANAGER',
  'LOGISTICIAN',
  'ACCOUNTANT',
  'ANALYST',
  'CONTENT_MANAGER',
  'SUPPORT',
  'AUDITOR',
  'SWAGGER',
  'BACKUP_OPERATOR',
] as const;

export function UsersView({
  me,
  users,
  accounts,
  filters,
  page,
  pageSize,
}: {
  me: Me;
  users: UserPage;
  accounts: Array<{ id: number; name: string }>;
  filters: { q: string; role: string; accountId: string; disabled: string };
  page: number;
  pageSize: number;
}) {
  const t = useTranslations('users');
  const tc = useTranslations('common');
  const tr = useTranslations('roles');
  const format = useFormatter();
  const router = useRouter();
  const pathname = usePathname();
  const errorMessage = useErrorMessage();
  const [pending, startTransition] = useTransition();
  const [editing, setEditing] = useState<UserView | 'new' | null>(null);
  const [resetting, setResetting] = useState<UserView | null>(null);
  const [avatarFor, setAvatarFor] = useState<UserView | null>(null);
  const [toggling, setToggling] = useState<UserView | null>(null);
  const canWrite = me.permissions.includes('users.write');
  const canReset = me.permissions.includes('users.reset_password');
  const accountName = new Map(accounts.map((a) => [a.id, a.name]));

  const refresh = () => startTransition(() => router.refresh());

  function navigate(changes: Record<string, string>) {
    const params = new URLSearchParams({ ...filters, page: String(page), ...changes });
    for (const [k, v] of [...params]) if (!v || (k === 'page' && v === '0')) params.delete(k);
    startTransition(() => router.push(`${pathname}?${params}`));
  }

  async function toggleDisabled(user: UserView) {
    try {
      await api(`/api/users/${user.id}`, { method: 'PATCH', json: { disabled: !user.disabled } });
      toast.success(user.disabled ? t('enabled') : t('disabled'));
      refresh();
    } catch (err) {
      toast.error(errorMessage(err));
    }
  }

  const from = users.total === 0 ? 0 : page * pageSize + 1;
  const to = Math.min(users.total, (page + 1) * pageSize);

  return (
    <>
      <PageHeader
        title={t('title')}
        description={t('count', { count: users.total })}
        actions={
          canWrite ? (
            <Button variant="primary" onClick={() => setEditing('new')}>
              {t('create')}
            </Button>
          ) : null
        }
      />
      <form
        role="search"
        className="mb-3 flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          const form = new FormData(e.currentTarget);
          navigate({
            q: formText(form, 'q'),
            role: formText(form, 'role'),
            accountId: formText(form, 'accountId'),
            disabled: formText(form, 'disabled'),
            page: '0',
          });
        }}
      >
        <Input
          name="q"
          defaultValue={filters.q}
          placeholder={t('searchPlaceholder')}
          aria-label={tc('search')}
          className="w-64"
        />
        <Select name="role" defaultValue={filters.role} aria-label={t('role')} className="w-44">
          <option value="">{t('anyRole')}</option>
          {['ADMIN', ...ASSIGNABLE_ROLES].map((r) => (
            <option key={r} value={r}>
              {tr(r)}
            </option>
          ))}
        </Select>
        <Select name="accountId" defaultValue={filters.accountId} aria-label={t('account')} className="w-44">
          <option value="">{t('anyAccount')}</option>
          {accounts.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </Select>
        <Select name="disabled" defaultValue={filters.disabled} aria-label={t('status')} className="w-40">
          <option value="">{t('anyStatus')}</option>
          <option value="false">{t('active')}</option>
          <option value="true">{t('isDisabled')}</option>
        </Select>
        <Button type="submit" busy={pending}>
          {tc('search')}
        </Button>
      </form>
      <Table label={t('title')}>
        <thead>
          <tr>
            <Th>{t('name')}</Th>
            <Th>{t('roles')}</Th>
            <Th>{t('account')}</Th>
            <Th>{t('lastLogin')}</Th>
            <Th>{t('status')}</Th>
            <Th className="text-right">{tc('actions')}</Th>
          </tr>
        </thead>
        <tbody>
          {users.items.length === 0 ? (
            <tr>
              <Td colSpan={6}>
                <EmptyState title={t('empty')} hint={t('emptyHint')} />
              </Td>
            </tr>
          ) : (
            users.items.map((u) => (
              <tr key={u.id} data-testid="user-row">
                <Td>
                  <div className="flex items-center gap-2">
                    <Avatar name={u.name} avatarKey={u.avatarKey} />
                    <div>
                      <div className="font-medium">{u.name}</div>
                      <div className="text-xs text-muted">{u.email}</div>
                    </div>
                  </div>
                </Td>
                <Td>
                  <div className="flex flex-wrap gap-1">
                    {u.roles.map((r) => (
                      <Badge key={r} tone={r === 'ADMIN' ? 'accent' : 'neutral'}>
                        {tr(r)}
                      </Badge>
                    ))}
                  </div>
                </Td>
                <Td>
                  {u.currentAccountId
                    ? (accountName.get(u.currentAccountId) ?? `#${u.currentAccountId}`)
                    : '—'}
                </Td>
                <Td>{u.lastLoginAt ? format.dateTime(new Date(u.lastLoginAt), 'short') : tc('never')}</Td>
                <Td>
                  {u.disabled ? (
                    <Badge tone="danger">{t('isDisabled')}</Badge>
                  ) : (
                    <Badge tone="success">{t('active')}</Badge>
                  )}
                </Td>
                <Td className="text-right">
                  {canWrite || canReset ? (
                    <Menu
                      label={t('menuFor', { name: u.name })}
                      items={[
                        { label: tc('edit'), onSelect: () => setEditing(u), hidden: !canWrite },
                        { label: t('avatar'), onSelect: () => setAvatarFor(u), hidden: !canWrite },
                        { label: t('resetPassword'), onSelect: () => setResetting(u), hidden: !canReset },
                        {
                          label: u.disabled ? t('enable') : t('disable'),
                          onSelect: () => setToggling(u),
                          danger: !u.disabled,
                          hidden: !canWrite || u.id === me.user.id,
                        },
                      ]}
                    />
                  ) : null}
                </Td>
              </tr>
            ))
          )}
        </tbody>
      </Table>
      <div className="mt-3 flex items-center justify-between text-sm text-muted">
        <span>{tc('pageOf', { from, to, total: users.total })}</span>
        <div className="flex gap-2">
          <Button size="sm" disabled={page === 0} onClick={() => navigate({ page: String(page - 1) })}>
            {tc('previous')}
          </Button>
          <Button size="sm" disabled={to >= users.total} onClick={() => navigate({ page: String(page + 1) })}>
            {tc('next')}
          </Button>
        </div>
      </div>
      {editing ? (
        <UserDialog
          user={editing === 'new' ? null : editing}
          accounts={accounts}
          isSelf={editing !== 'new' && editing.id === me.user.id}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            refresh();
          }}
        />
      ) : null}
      {resetting ? <ResetPasswordDialog user={resetting} onClose={() => setResetting(null)} /> : null}
      {avatarFor ? (
        <AvatarUpload
          userId={avatarFor.id}
          open
          onOpenChange={(open) => !open && setAvatarFor(null)}
          onUploaded={() => {
            setAvatarFor(null);
            refresh();
          }}
        />
      ) : null}
      <Confirm
        open={toggling !== null}
        onOpenChange={(open) => !open && setToggling(null)}
        title={toggling?.disabled ? t('enableTitle') : t('disableTitle')}
        description={toggling?.disabled ? t('enableHint') : t('disableHint')}
        confirmLabel={toggling?.disabled ? t('enable') : t('disable')}
        danger={!toggling?.disabled}
        onConfirm={() => toggling && void toggleDisabled(toggling)}
      />
    </>
  );
}
