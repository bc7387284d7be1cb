export { startEmulator, type RunningEmulator, type StartEmulatorOptions } from './start-emulator.ts';
export { createEmulatorApp } from './app.ts';
export { Emulator, type AccountCredentials, type EmulatorOptions } from './runtime/emulator.ts';
export { createControlClient, EmulatorControlError } from './control/client.ts';
export type {
  ClockState,
  ControlClient,
  EmulatorDescription,
  LegacyState,
  MintKeyRequest,
  PortalControlState,
} from './control/client.ts';
export { createWbClient, type WbClient, type WbRequestInit, type WbResponse } from './client/wb-client.ts';
export {
  DEFAULT_MODULES,
  SELLER_API_MODULES,
  STATIC_MODULES,
  type HostModule,
} from './hosts/host-modules.ts';
export { sellerApiApp, method, type CallContext, type MethodSpec } from './apis/seller-api.ts';
export { LIMITS, type MethodLimit } from './apis/limits.ts';
export type { HostEnv, WbRequestContext } from './http/types.ts';
export type { IssuedKey, KeyVariant } from './auth/api-keys.ts';
export { KEY_VARIANTS } from './auth/api-keys.ts';
export type { PortalCredentials } from './auth/portal-credentials.ts';
export type { Truth, FinanceTruth } from './data/truth.ts';
export type { FaultRule, FaultRuleInput } from './runtime/faults.ts';
export type { RequestLogEntry } from './runtime/request-log.ts';
export type { LegacyMode, LegacyName } from './runtime/legacy.ts';
export { specsDir } from './specs-dir.ts';

// The generated world and its views, for modules built on the core (the portal shows the same figures).
export { World, type AccountData } from './data/world.ts';
export type { SellerAccount } from './data/accounts.ts';
export { cardPhotos, cardUpdatedAt, type Card, type CardSize } from './data/catalog.ts';
export type { OrderRecord } from './data/orders.ts';
export {
  orderRow,
  ordersByLastChange,
  ordersOnDay,
  saleRow,
  salesByLastChange,
  salesOnDay,
  type SaleEvent,
} from './data/statistics.ts';
export type { FinanceOp, FinancePeriod, Report, ReportSums } from './data/finance.ts';
export { financeRow, pickFields, v5Row } from './data/finance-rows.ts';
export { stockSnapshot, wbWarehouseStockItem, type StockRow } from './data/stocks.ts';
export { feedbackItem, questionItem, isAnswered } from './data/feedbacks.ts';
export { advertItem, priceItem } from './data/adverts.ts';
export { cardJson } from './apis/content.ts';
export { balanceOf, computeTruth } from './data/truth.ts';
export { photoUrl, basketNumber } from './data/reference.ts';
export { problem, json, jsonArray } from './http/responses.ts';

// The seller portal (issue 3 part 4): its modules, hosts, and a browser-like client for tests.
export {
  PORTAL_MODULES,
  PORTAL_HOSTS,
  PortalState,
  LIFETIMES as PORTAL_LIFETIMES,
  SHELL_ROUTES,
  portalBundle,
  solvePow,
  createPortalClient,
  CookieJar,
  PortalHttpError,
  type PortalClient,
  type PortalResponse,
  type PortalRequestInit,
} from './portal/index.ts';
