import { getTranslations } from 'next-intl/server';
import { ProfileView } from '../../../src/ui/profile-view.tsx';
import { PageHeader } from '../../../src/ui/kit.tsx';
import { requireMe } from '../../../src/web/server.ts';

export async function generateMetadata() {
  return { title: (await getTranslations('profile'))('title') };
}

export default async function ProfilePage() {
  const me = await requireMe();
  const t = await getTranslations('profile');
  return (
    <>
      <PageHeader title={t('title')} />
      <ProfileView user={me.user} />
    </>
  );
}
