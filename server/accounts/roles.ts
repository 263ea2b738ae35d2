// Roles and what each grants. A role names a capability; `grants(role, needed)` says whether an account of `role`
// may use what `needed` guards. Admins manage accounts, alerts and the journal but see no data by default
// (separation of duties: whoever grants access does not read the files).
export const ROLES = ['viewer', 'exporter', 'analyst', 'admin'] as const;
export type Role = (typeof ROLES)[number];

const GRANTS: Record<Role, readonly Role[]> = {
  viewer: ['viewer'], // aggregated dashboards
  exporter: ['viewer', 'exporter'], // + dashboard exports
  analyst: ['viewer', 'analyst'], // + the detailed (nominative) universe of its territory
  admin: ['admin'], // accounts, alerts, journal search
};

export function grants(role: Role, needed: Role): boolean {
  return GRANTS[role].includes(needed);
}

/** TOTP is mandatory for the roles that see personal data (analyst) or can grant access to it (admin). */
export function totpMandatory(role: Role): boolean {
  return role === 'analyst' || role === 'admin';
}

export function isRole(text: string): text is Role {
  return (ROLES as readonly string[]).includes(text);
}
