import { appendAudit, type Database } from '@joycity/db';
import type { SecretBox } from '../crypto/secret-box.ts';
import { CREDENTIAL_CONTEXTS } from './account-service.ts';

/** Every encrypted column the platform has, with the context its envelopes are bound to. */
const ENCRYPTED_COLUMNS = [
  { column: 'api_key_enc', context: CREDENTIAL_CONTEXTS.apiKey },
  { column: 'portal_session_enc', context: CREDENTIAL_CONTEXTS.portalSession },
] as const;

export interface RotationReport {
  /** The key every credential is now encrypted with. */
  keyId: string;
  accounts: number;
  /** Envelopes re-encrypted (or that would be, in a dry run). */
  reencrypted: number;
  /** Envelopes already under the current key. */
  current: number;
  /** Envelopes made with keys the keyring still lists, by key id, before rotation. */
  byKeyBefore: Record<string, number>;
  dryRun: boolean;
}

/**
 * Re-encrypts every stored credential under the current key (the first of `APP_ENCRYPTION_KEY`). Each
 * account is rewritten in its own transaction holding the row lock, so a concurrent update either lands
 * first (and is re-encrypted) or waits; nothing is lost. Decryption with the old key must still work, so run
 * it while the old key is still listed, then drop that key. Idempotent: a second run changes nothing.
 *
 * @example
 * // APP_ENCRYPTION_KEY=new:…,old:…
 * const report = await rotateCredentialKeys({ db, box }); // then remove `old:` from APP_ENCRYPTION_KEY
 */
export async function rotateCredentialKeys(options: {
  db: Database;
  box: SecretBox;
  dryRun?: boolean;
  actor?: { userId: string | null; email: string | null };
}): Promise<RotationReport> {
  const { db, box } = options;
  const report: RotationReport = {
    keyId: box.currentKeyId,
    accounts: 0,
    reencrypted: 0,
    current: 0,
    byKeyBefore: {},
    dryRun: options.dryRun ?? false,
  };
  const ids = await db.selectFrom('accounts').select('id').orderBy('id').execute();
  for (const { id } of ids) {
    report.accounts++;
    await db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('accounts')
        .select(['api_key_enc', 'portal_session_enc'])
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!row) return;
      const changes: Record<string, string> = {};
      for (const { column, context } of ENCRYPTED_COLUMNS) {
        const envelope = row[column];
        if (!envelope) continue;
        const keyId = box.keyIdOf(envelope);
        report.byKeyBefore[keyId] = (report.byKeyBefore[keyId] ?? 0) + 1;
        if (!box.needsReencryption(envelope)) {
          report.current++;
          continue;
        }
        // Decrypting first proves the old key still opens it; a failure aborts before anything changes.
        changes[column] = box.encrypt(box.decrypt(envelope, context), context);
        report.reencrypted++;
      }
      if (Object.keys(changes).length > 0 && !report.dryRun) {
        await trx.updateTable('accounts').set(changes).where('id', '=', id).execute();
      }
    });
  }
  if (!report.dryRun && report.reencrypted > 0) {
    await appendAudit(db, {
      action: 'secrets.rotated',
      actor_user_id: options.actor?.userId ?? null,
      actor_email: options.actor?.email ?? null,
      target_type: 'encryption_key',
      target_id: box.currentKeyId,
      details: {
        accounts: report.accounts,
        reencrypted: report.reencrypted,
        byKeyBefore: report.byKeyBefore,
      },
    });
  }
  return report;
}
