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
