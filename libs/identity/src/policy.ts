import { CLASSIFICATIONS, ROLES, type Classification, type Role } from '#kernel';

/**
 * Who may read what, in one place. Everyone sees public and internal records; confidential
 * bargaining material is for the people at or behind the table; privileged material (legal advice,
 * litigation strategy) only for legal counsel and the records officers who keep the file.
 * Analysts feed dashboards and see no confidential content.
 */
const CLEARANCE: Readonly<Record<Role, readonly Classification[]>> = {
  negotiator: ['public', 'internal', 'confidential'],
  'records-officer': ['public', 'internal', 'confidential', 'privileged'],
  'legal-counsel': ['public', 'internal', 'confidential', 'privileged'],
  analyst: ['public', 'internal'],
  admin: ['public', 'internal', 'confidential'],
};

/** Roles that may record things (commands). Everyone else reads. */
export const WRITE_ROLES: readonly Role[] = ['negotiator', 'admin'];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** The classifications a role may read, lowest first. */
export function clearanceOf(role: Role): readonly Classification[] {
  return CLEARANCE[role];
}

export function canRead(role: Role, classification: Classification): boolean {
  return CLEARANCE[role].includes(classification);
}

export function canWrite(role: Role): boolean {
  return WRITE_ROLES.includes(role);
}

/** The classifications a role may not read (for filtering queries). */
export function hiddenFrom(role: Role): readonly Classification[] {
  return CLASSIFICATIONS.filter((level) => !canRead(role, level));
}
