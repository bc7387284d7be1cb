import { getTranslations } from 'next-intl/server';

export default async function Forbidden() {
  const t = await getTranslations('common');
  return (
    <div className="py-16 text-center">
      <h1 className="text-xl font-semibold">{t('forbiddenTitle')}</h1>
      <p className="mt-2 text-muted">{t('forbiddenHint')}</p>
    </div>
  );
}
