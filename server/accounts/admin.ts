// Account administration, shared by `infocentre users …` and the admin routes. Callers journal what these do.
import { error } from '../../registry/index.ts';
import type { AccessHours } from './hours.ts';
import { hashPassword, randomPassword } from './password.ts';
import { isRole, ROLES } from './roles.ts';
import { publicAccount, type AccountStore, type PublicAccount } from './store.ts';
import { parseTerritory } from './territory.ts';

export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{2,63}$/;
const LABEL_PATTERN = /^[\p{L}\p{N} .,'’()&-]{1,120}$/u;

export interface NewAccount {
  username: string;
  fullName: string;
  organisation: string;
  role: string;
  territory: string | readonly string[];
}

export interface IssuedPassword {
  account: PublicAccount;
  /** Random, shown once; it only opens the password-change step of the first login. */
  password: string;
}

function checkNewAccount(input: NewAccount): void {
  if (!USERNAME_PATTERN.test(input.username)) throw error('AUTH_BAD_ACCOUNT', [`identifiant « ${input.username.slice(0, 64)} »`]);
  if (!LABEL_PATTERN.test(input.fullName)) throw error('AUTH_BAD_ACCOUNT', ['nom complet vide ou avec des caractères non admis']);
  if (!LABEL_PATTERN.test(input.organisation)) throw error('AUTH_BAD_ACCOUNT', ['organisme vide ou avec des caractères non admis']);
  if (!isRole(input.role)) throw error('AUTH_BAD_ACCOUNT', [`rôle « ${input.role.slice(0, 20)} » (attendu : ${ROLES.join(', ')})`]);
}

export async function addAccount(store: AccountStore, input: NewAccount, by: string, now: Date): Promise<IssuedPassword> {
  checkNewAccount(input);
  const territory = parseTerritory(input.territory);
  const password = randomPassword();
  const passwordHash = await hashPassword(password);
  const account = await store.update((file) => {
    if (Object.hasOwn(file.accounts, input.username)) throw error('AUTH_USER_EXISTS', [input.username]);
    const at = now.toISOString();
    file.accounts[input.username] = {
      username: input.username, fullName: input.fullName, organisation: input.organisation,
      role: input.role as (typeof ROLES)[number], territory, passwordHash, mustChangePassword: true,
      passwordChangedAt: at, totp: null, totpPending: null, failedLogins: 0, lockedUntil: null, disabled: null,
      createdAt: at, createdBy: by, lastLoginAt: null, tokensValidAfter: Math.floor(now.getTime() / 1000),
    };
    file.organisations[input.organisation] ??= { accessHours: null };
    return publicAccount(file.accounts[input.username]);
  });
  return { account, password };
}

export async function disableAccount(store: AccountStore, username: string, by: string, now: Date): Promise<PublicAccount> {
  return store.update((file) => {
    if (!Object.hasOwn(file.accounts, username)) throw error('AUTH_UNKNOWN_USER', [username]);
    const a = file.accounts[username];
    a.disabled = { at: now.toISOString(), reason: 'admin', by };
    a.tokensValidAfter = Math.floor(now.getTime() / 1000);
    return publicAccount(a);
  });
}

/**
 * New random password to change at next login; unlocks and re-enables the account and voids its tokens. With
 * `clearTotp` (lost phone) the TOTP enrolment is dropped too, and redone at the next login where it is mandatory.
 */
export async function resetAccount(
  store: AccountStore, username: string, now: Date, options: { clearTotp?: boolean } = {},
): Promise<IssuedPassword> {
  const password = randomPassword();
  const passwordHash = await hashPassword(password);
  const account = await store.update((file) => {
    if (!Object.hasOwn(file.accounts, username)) throw error('AUTH_UNKNOWN_USER', [username]);
    const a = file.accounts[username];
    Object.assign(a, {
      passwordHash, mustChangePassword: true, passwordChangedAt: now.toISOString(), failedLogins: 0,
      lockedUntil: null, disabled: null, tokensValidAfter: Math.floor(now.getTime() / 1000),
    });
    if (options.clearTotp) { a.totp = null; a.totpPending = null; }
    return publicAccount(a);
  });
  return { account, password };
}

export async function listAccounts(store: AccountStore): Promise<PublicAccount[]> {
  const file = await store.read();
  return Object.values(file.accounts).map(publicAccount).sort((a, b) => a.username.localeCompare(b.username));
}

export async function setAccessHours(store: AccountStore, organisation: string, hours: AccessHours | null): Promise<void> {
  if (!LABEL_PATTERN.test(organisation)) throw error('AUTH_BAD_ACCOUNT', ['organisme vide ou avec des caractères non admis']);
  await store.update((file) => {
    file.organisations[organisation] = { ...(file.organisations[organisation] ?? {}), accessHours: hours };
  });
}
