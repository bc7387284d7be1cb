/** WB's registrable domains: any host under them is WB's (proxied or not). */
export const WB_DOMAINS = ['wildberries.ru', 'wbbasket.ru', 'wb.ru'] as const;

/** Whether a host name (lower case, no port) is one of WB's domains or under one. */
export function isWbDomainHost(host: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  return WB_DOMAINS.some((d) => h === d || h.endsWith(`.${d}`));
}
