import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './password.ts';
import { SEED_ADMIN, SEED_ADMIN_HASH } from './seed.ts';

describe('password hashing (scrypt, self-describing)', () => {
  it('stores the parameters with the hash and verifies only the right password', async () => {
    const h = await hashPassword('admin123');
    expect(h).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(await verifyPassword('admin123', h)).toBe(true);
    expect(await verifyPassword('admin124', h)).toBe(false);
    expect(await hashPassword('admin123')).not.toBe(h); // salted
  });

  it("the seeded administrator's precomputed hash is the hash of its password", async () => {
    expect(await verifyPassword(SEED_ADMIN.password, SEED_ADMIN_HASH)).toBe(true);
    expect(await verifyPassword('admin1234', SEED_ADMIN_HASH)).toBe(false);
  });

  it('a hash in another format (e.g. a FastBee bcrypt hash) never verifies', async () => {
    expect(await verifyPassword('admin123', '$2a$10$7JB720yubVSZvUI0rEqK/.VqGOZTH.ulu33dHOiBE8ByOhJIrdAu2')).toBe(false);
    expect(await verifyPassword('x', 'scrypt$0$8$1$AA==$AA==')).toBe(false);
  });
});
