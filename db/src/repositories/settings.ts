import type { Executor } from '../client.ts';

export async function getSetting<T>(db: Executor, key: string): Promise<T | undefined> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value as T | undefined;
}

export async function putSetting(
  db: Executor,
  key: string,
  value: unknown,
  updatedBy: string | null,
): Promise<void> {
  const json = JSON.stringify(value);
  await db
    .insertInto('settings')
    .values({ key, value: json, updated_by: updatedBy })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({ value: json, updated_by: updatedBy, updated_at: new Date() }),
    )
    .execute();
}
