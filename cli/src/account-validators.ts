import type { AccountValidators } from '@joycity/shared/credentials';
import { createApiKeyValidator } from '@joycity/shared/wb';

/**
 * The live checks `account:create` runs before saving (unless `--no-validate`): the API key's `/ping`
 * (shared/src/wb/check-api-key.ts; WB_UPSTREAM_OVERRIDE sends it to the emulator). The portal session is
 * checked through the proxy's validation endpoint by the admin. The admin API takes the same validators
 * through its `accountValidators` dependency.
 */
export function accountValidators(env: NodeJS.ProcessEnv): AccountValidators {
  const override = env.WB_UPSTREAM_OVERRIDE?.trim();
  return { apiKey: createApiKeyValidator({ upstreamOverride: override || undefined }) };
}
