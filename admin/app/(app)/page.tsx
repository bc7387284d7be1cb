import { redirect } from 'next/navigation';
import { allowedNav } from '../../src/ui/nav.ts';
import { requireMe } from '../../src/web/server.ts';

/** Home is the first section the user may open. */
export default async function Home() {
  const me = await requireMe();
  redirect(allowedNav(me.permissions).find((i) => !i.external)?.href ?? '/sessions');
}
