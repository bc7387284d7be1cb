import { rotateCredentialKeys } from '@joycity/shared/credentials';
import { SecretBoxError } from '@joycity/shared/crypto';
import { CommandError, type Command } from '../command.ts';
import { secretBoxFrom } from './secrets.ts';

/**
 * Re-encrypts every stored credential under the current key. Rotation: put the new key first in
 * APP_ENCRYPTION_KEY (keeping the old one after it), restart the services, run this, then drop the old key.
 */
export const secretsRotate: Command = {
  name: 'secrets:rotate',
  summary: 'Re-encrypt every stored credential under the current (first) APP_ENCRYPTION_KEY key',
  usage: 'secrets:rotate [--dry-run]',
  options: { 'dry-run': { type: 'boolean' } },
  async run(ctx, values) {
    const box = secretBoxFrom(ctx.env);
    const dryRun = values['dry-run'] === true;
    let report;
    try {
      report = await rotateCredentialKeys({ db: (await ctx.db()).get('app'), box, dryRun });
    } catch (err) {
      if (err instanceof SecretBoxError) {
        throw new CommandError(
          `${err.message}; nothing was changed for that account. Add the missing key to APP_ENCRYPTION_KEY and run again.`,
        );
      }
      throw err;
    }
    const before = Object.entries(report.byKeyBefore)
      .map(([id, n]) => `${id}: ${n}`)
      .join(', ');
    ctx.out(`Accounts: ${report.accounts}. Credentials by key before: ${before || 'none stored'}.`);
    if (report.reencrypted === 0) {
      ctx.out(`Every credential is already encrypted with the current key '${report.keyId}'.`);
    } else if (dryRun) {
      ctx.out(`Dry run: ${report.reencrypted} credential(s) would be re-encrypted with '${report.keyId}'.`);
    } else {
      ctx.out(
        `Re-encrypted ${report.reencrypted} credential(s) with '${report.keyId}'. Older keys can now be removed from APP_ENCRYPTION_KEY.`,
      );
    }
  },
};
