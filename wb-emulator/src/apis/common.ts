import type { Hono } from 'hono';
import { method, sellerApiApp, type MethodDefinition } from './seller-api.ts';
import { json } from '../http/responses.ts';
import type { HostEnv } from '../http/types.ts';
import type { Emulator } from '../runtime/emulator.ts';

/** common-api: `/ping` and `/api/v1/seller-info` (any key category). */
/** The methods this host serves (data: the limit-table test reads them too). */
export const commonMethods: readonly MethodDefinition[] = [
  method(
    {
      id: 'common.sellerInfo',
      method: 'GET',
      path: '/api/v1/seller-info',
      scopeBit: null,
      limit: 'sellerInfo',
      spec: { file: '01-general.yaml', path: '/api/v1/seller-info', method: 'get' },
    },
    (_c, call) => {
      const a = call.data.account;
      return json({ name: a.name, sid: a.sid, tin: a.tin, tradeMark: a.tradeMark });
    },
  ),
];

export function commonApi(emu: Emulator): Hono<HostEnv> {
  return sellerApiApp(emu, commonMethods);
}
