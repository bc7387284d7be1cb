export {
  API_KEY_CATEGORIES,
  API_KEY_READ_ONLY_BIT,
  ApiKeyFormatError,
  decodeApiKeyClaims,
  encodeApiKeyForTests,
  normalizeApiKey,
  type ApiKeyCategory,
  type ApiKeyClaims,
  type ApiKeyType,
} from './api-key-claims.ts';
export {
  WB_HOSTS,
  WB_HOST_PATTERNS,
  expandWbHosts,
  isWbHost,
  lookupWbHost,
  normalizeHost,
  type WbHost,
  type WbHostEntry,
  type WbHostKind,
  type WbHostPattern,
} from './hosts.ts';
export {
  WB_TOKEN_SCOPES,
  WB_TOKEN_TYPES,
  scopeCodes,
  scopeMask,
  type WbTokenScope,
  type WbTokenType,
} from './token-scopes.ts';
