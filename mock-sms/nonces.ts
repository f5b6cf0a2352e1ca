import type { Db } from '../core/db.ts';
import type { Clock } from '../core/clock.ts';

/** Aliyun SignatureNonce / x-acs-signature-nonce replay protection: a nonce is good once per window. */
export class Nonces {
  constructor(private readonly db: Db, private readonly clock: Clock) {}

  /** Records the nonce; false when it was used within `ttlSeconds`. */
  use(keyId: string, nonce: string, ttlSeconds: number): boolean {
    const now = this.clock.now();
    const prev = this.db.prepare('SELECT at FROM sms_nonces WHERE key_id = ? AND nonce = ?').get(keyId, nonce) as { at: number } | undefined;
    if (prev && now - prev.at < ttlSeconds * 1000) return false;
    this.db.prepare('INSERT INTO sms_nonces(key_id, nonce, at) VALUES (?, ?, ?) ON CONFLICT(key_id, nonce) DO UPDATE SET at = excluded.at').run(keyId, nonce, now);
    return true;
  }

  prune(ttlSeconds: number): void {
    this.db.prepare('DELETE FROM sms_nonces WHERE at < ?').run(this.clock.now() - ttlSeconds * 1000);
  }
}
