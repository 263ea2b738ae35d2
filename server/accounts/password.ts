// Passwords: the policy, argon2id hashing, and the random one-time passwords given at creation and reset.
//
// Policy (CNIL, délibération n° 2022-100, password entropy of at least 80 bits without other measures; here login is
// further throttled and locked): either at least 12 characters mixing the 4 classes (upper case, lower case, digits,
// special characters), or at least 14 characters mixing at least 3 of them. Never the username, never the current
// password again; at most 256 characters.
import { hash, verify, Algorithm } from '@node-rs/argon2';
import { randomInt } from 'node:crypto';
import { error } from '../../registry/index.ts';

export const PASSWORD_POLICY_TEXT =
  'au moins 12 caractères avec majuscules, minuscules, chiffres et caractères spéciaux, ou au moins 14 caractères avec au moins 3 de ces 4 types';

function classes(password: string): number {
  return [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
}

/** Throws IC_AUTH_009 with the reason when the password does not follow the policy. */
export function checkPasswordPolicy(password: string, username: string): void {
  const reason = policyViolation(password, username);
  if (reason) throw error('AUTH_WEAK_PASSWORD', [reason]);
}

function policyViolation(password: string, username: string): string | undefined {
  if (password.length > 256) return 'plus de 256 caractères';
  const n = [...password].length;
  const k = classes(password);
  const strongEnough = (n >= 12 && k === 4) || (n >= 14 && k >= 3);
  if (!strongEnough) return `${n} caractères et ${k} type(s) : il faut ${PASSWORD_POLICY_TEXT}`;
  if (username.length >= 3 && password.toLowerCase().includes(username.toLowerCase())) return 'il contient l\'identifiant';
  if (/(.)\1{5,}/.test(password)) return 'un même caractère répété plus de 5 fois';
  return undefined;
}

// argon2id with the library's defaults (19 MiB, 2 passes: the OWASP baseline), explicit so that a library upgrade
// cannot silently weaken them.
const ARGON2 = { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** A hash of nothing anyone knows, verified for unknown usernames so that timing does not reveal which exist. */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(randomPassword());
  return decoy;
}

const SETS = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnopqrstuvwxyz', '23456789', '-_.!?@#%+='];

/** 20 characters with every class (about 120 bits): shown once to the admin, to be changed at first login. */
export function randomPassword(length = 20): string {
  const all = SETS.join('');
  const chars = SETS.map((set) => set[randomInt(set.length)]);
  while (chars.length < length) chars.push(all[randomInt(all.length)]);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join('');
}
