/**
 * Shows a credential the way admins need to see it: enough to recognise which one is stored, never enough
 * to use it. Short values show nothing at all.
 *
 * @example
 * maskSecret('eyJhbGciOiJFUzI1NiJ9.eyJzIjoxfQ.c2lnbmF0dXJl') // '…dXJl'
 */
export function maskSecret(value: string, visible = 4): string {
  if (value.length < visible * 4) return '…';
  return `…${value.slice(-visible)}`;
}
