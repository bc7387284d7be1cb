import { commonEnvShape, loadConfig } from '@joycity/shared/config';
import { createSecretBox, type SecretBox } from '@joycity/shared/crypto';
import { ConfigError } from '@joycity/shared/errors';
import { UsageError } from '../command.ts';

/** The credential encryption keyring from APP_ENCRYPTION_KEY (development: generated into .data/secrets). */
export function secretBoxFrom(env: NodeJS.ProcessEnv): SecretBox {
  try {
    const config = loadConfig(
      { NODE_ENV: commonEnvShape.NODE_ENV, APP_ENCRYPTION_KEY: commonEnvShape.APP_ENCRYPTION_KEY },
      env,
    );
    return createSecretBox(config.APP_ENCRYPTION_KEY);
  } catch (err) {
    if (err instanceof ConfigError) throw new UsageError(err.message);
    throw err;
  }
}
