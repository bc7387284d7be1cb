'use client';

import { Toaster } from 'sonner';

export function Toasts() {
  return <Toaster position="bottom-right" richColors closeButton theme="system" />;
}
