// The login state machine: password → (forced change) → (TOTP enrolment or TOTP code) → session. Each step but the
// last answers with a short-lived, single-use challenge token that only opens the next step.
import type { Account } from './store.ts';
import { totpMandatory } from './roles.ts';
import type { LoginStep } from '../types.ts';

export function nextStep(account: Account, totpDone: boolean): LoginStep | 'session' {
  if (account.mustChangePassword) return 'password';
  if (!account.totp && totpMandatory(account.role)) return 'totp-enrol';
  if (account.totp && !totpDone) return 'totp';
  return 'session';
}

/**
 * True when the account went unused longer than the inactivity limit, counted from the last connection, or from the
 * creation or the last reset (a reset by an admin is a fresh start).
 */
export function inactiveTooLong(account: Account, now: Date, inactivityDays: number): boolean {
  const last = Math.max(...[account.lastLoginAt, account.createdAt, account.passwordChangedAt].map((t) => (t ? Date.parse(t) : 0)));
  return now.getTime() - last > inactivityDays * 86_400_000;
}
