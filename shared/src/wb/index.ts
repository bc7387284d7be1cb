export {
  API_KEY_CATEGORIES,
  API_KEY_READ_ONLY_BIT,
  apiKeyProblems,
  REQUIRED_API_KEY_CATEGORIES,
  type ApiKeyProblem,
  type ApiKeyProblemCode,
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
export {
  API_KEY_PING_URL,
  checkApiKey,
  createApiKeyValidator,
  pingWithKey,
  type ApiKeyCheck,
} from './check-api-key.ts';
export {
  createWbHttp,
  WbHostNotAllowedError,
  type WbCall,
  type WbHttp,
  type WbHttpOptions,
  type WbResponse,
} from './wb-request.ts';
