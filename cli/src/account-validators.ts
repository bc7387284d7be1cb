import type { AccountValidators } from '@joycity/shared/credentials';

/**
 * The live checks `account:create` runs before saving (unless `--no-validate`). None exist yet: the portal
 * session is checked through the proxy's validation endpoint and the API key by the sync worker's key check,
 * both added by later work. Each one added here is used by the CLI at once; the admin API takes the same
 * validators through its `accountValidators` dependency.
 */
export function accountValidators(_env: NodeJS.ProcessEnv): AccountValidators {
  return {};
}
