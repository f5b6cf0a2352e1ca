import { write, type Db } from '../core/db.ts';
import type { Clock } from '../core/clock.ts';

/** Aliyun SignatureNonce / x-acs-signature-nonce replay protection: a nonce is good once per window. */
export class Nonces {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** Records the nonce; false when it was used within `ttlSeconds`. */
  use(keyId: string, nonce: string, ttlSeconds: number): boolean {
    // One statement: a nonce used within the window is left as it is, so nothing changes.
    const at = this.clock.now();
    const changed = write(
      this.db,
      ['sms_nonces'],
      'INSERT INTO sms_nonces(key_id, nonce, at) VALUES (?, ?, ?) ON CONFLICT(key_id, nonce) DO UPDATE SET at = excluded.at WHERE excluded.at - sms_nonces.at >= ?',
      keyId,
      nonce,
      at,
      ttlSeconds * 1000,
    ).changes;
    return changed > 0;
  }

  prune(ttlSeconds: number): void {
    const before = this.clock.now() - ttlSeconds * 1000;
    write(this.db, ['sms_nonces'], 'DELETE FROM sms_nonces WHERE at < ?', before);
  }
}
