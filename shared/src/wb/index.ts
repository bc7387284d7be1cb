export {
  API_KEY_CATEGORIES,
  API_KEY_CATEGORY_BITS,
  API_KEY_READ_ONLY_BIT,
  API_KEY_TYPES,
  ApiKeyFormatError,
  decodeApiKeyClaims,
  encodeApiKeyForTests,
  normalizeApiKey,
  type ApiKeyCategory,
  type ApiKeyClaims,
  type ApiKeyType,
} from './api-key-claims.ts';
