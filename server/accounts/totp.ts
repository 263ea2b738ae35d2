// TOTP (RFC 6238, 6 digits, 30 s, SHA-1: what every authenticator app reads), with replay protection: a code is
// accepted once, and never one older than the last accepted (the counter is stored in the account).
import { Secret, TOTP } from 'otpauth';

const ISSUER = 'Infocentre';

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totp(secret: string, username: string): TOTP {
  return new TOTP({ issuer: ISSUER, label: username, algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) });
}

/** The `otpauth://` URI an authenticator app imports (as a QR code or by hand). */
export function totpUri(secret: string, username: string): string {
  return totp(secret, username).toString();
}

/**
 * The time-step counter of `code` if it is valid at `now` (one step of clock drift either way) and newer than
 * `lastCounter`, else undefined.
 */
export function checkTotp(secret: string, username: string, code: string, now: Date, lastCounter: number): number | undefined {
  if (!/^[0-9]{6}$/.test(code)) return undefined;
  const t = totp(secret, username);
  const delta = t.validate({ token: code, timestamp: now.getTime(), window: 1 });
  if (delta === null) return undefined;
  const counter = t.counter({ timestamp: now.getTime() }) + delta;
  return counter > lastCounter ? counter : undefined;
}

/** The current code, for tests and for the enrolment check of the CLI. */
export function totpCode(secret: string, username: string, now: Date): string {
  return totp(secret, username).generate({ timestamp: now.getTime() });
}
