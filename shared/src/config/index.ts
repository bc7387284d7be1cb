export { loadConfig } from './load-config.ts';
export { commonEnvShape, portSchema, type CommonEnvShape } from './env-schema.ts';
export { encryptionKeyringSchema, type EncryptionKey } from './encryption-keyring.ts';
export { loadDevSecrets, SECRET_VARIABLES, type SecretVariable } from './dev-secrets.ts';
export { dataDir, REPO_ROOT } from './paths.ts';
export { adminInternalUrl, publicOrigins, type PublicOrigins } from './public-origins.ts';
