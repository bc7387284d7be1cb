import type { ReactNode } from 'react';
import { Shell } from '../../src/ui/shell.tsx';
import { getUiPrefs, requireMe } from '../../src/web/server.ts';

export default async function AppLayout({ children }: { children: ReactNode }) {
  const [me, prefs] = await Promise.all([requireMe(), getUiPrefs()]);
  return (
    <Shell me={me} theme={prefs.theme}>
      {children}
    </Shell>
  );
}
