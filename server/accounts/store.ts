// Accounts in data/system/accounts.json: one per person (never shared), with the argon2id hash of the password,
// the TOTP secret, the lockout counters, the habilitation, the last connection. Organisations carry optional access
// hours. The file is re-read whenever it changed on disk (the admin CLI may have edited it while the server runs)
// and every change is a locked read-modify-write (see system/files.ts).
import { stat } from 'node:fs/promises';
import { readJson, withFileLock, writeAtomic } from '../system/files.ts';
import type { AccessHours } from './hours.ts';
import type { Role } from './roles.ts';
import type { Territory } from './territory.ts';

export interface Account {
  username: string; // per person: prenom.nom
  fullName: string;
  organisation: string;
  role: Role;
  territory: Territory;
  passwordHash: string;
  /** True after creation and after a reset: the random password only opens the password-change step. */
  mustChangePassword: boolean;
  passwordChangedAt: string;
  totp: { secret: string; enabledAt: string; lastCounter: number } | null;
  totpPending: { secret: string; createdAt: string } | null;
  failedLogins: number;
  lockedUntil: string | null;
  disabled: { at: string; reason: 'admin' | 'inactivity'; by: string } | null;
  createdAt: string;
  createdBy: string;
  lastLoginAt: string | null;
  /** Tokens issued before this instant (seconds) are void: set by password change, reset, disable, role change. */
  tokensValidAfter: number;
}

export interface Organisation {
  accessHours: AccessHours | null;
}

export interface AccountsFile {
  version: 1;
  accounts: Record<string, Account>;
  organisations: Record<string, Organisation>;
}

const EMPTY: AccountsFile = { version: 1, accounts: {}, organisations: {} };

export class AccountStore {
  private cache: { key: string; file: AccountsFile } | undefined;

  constructor(readonly path: string) {}

  /** The current file (cached while its inode, size and modification time are unchanged). */
  async read(): Promise<AccountsFile> {
    let key: string;
    try {
      const s = await stat(this.path);
      key = `${s.ino}:${s.size}:${s.mtimeMs}`;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return structuredClone(EMPTY);
      throw err;
    }
    if (this.cache?.key === key) return this.cache.file;
    const file = (await readJson<AccountsFile>(this.path)) ?? structuredClone(EMPTY);
    this.cache = { key, file };
    return file;
  }

  async get(username: string): Promise<Account | undefined> {
    const file = await this.read();
    return Object.hasOwn(file.accounts, username) ? file.accounts[username] : undefined;
  }

  /** Locked read-modify-write: `change` gets a fresh private copy and its result is saved atomically. */
  async update<T>(change: (file: AccountsFile) => T | Promise<T>): Promise<T> {
    return withFileLock(this.path, async () => {
      const file = (await readJson<AccountsFile>(this.path)) ?? structuredClone(EMPTY);
      const result = await change(file);
      await writeAtomic(this.path, `${JSON.stringify(file, null, 1)}\n`);
      this.cache = undefined;
      return result;
    });
  }
}

/** What may be shown about an account (never the hash, the TOTP secret or the pending secret). */
export function publicAccount(a: Account) {
  return {
    username: a.username, fullName: a.fullName, organisation: a.organisation, role: a.role, territory: [...a.territory],
    totp: a.totp !== null, mustChangePassword: a.mustChangePassword, locked: a.lockedUntil !== null,
    lockedUntil: a.lockedUntil, disabled: a.disabled?.reason ?? null, createdAt: a.createdAt, lastLoginAt: a.lastLoginAt,
  };
}
export type PublicAccount = ReturnType<typeof publicAccount>;
