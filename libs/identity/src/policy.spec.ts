import { CLASSIFICATIONS, ROLES, type Classification, type Role } from '#kernel';
import { WRITE_ROLES, canRead, canWrite, clearanceOf, hiddenFrom, isRole } from '#identity';

describe('clearance policy', () => {
  // Rows: role; columns: public, internal, confidential, privileged.
  const matrix: Record<Role, [boolean, boolean, boolean, boolean]> = {
    negotiator: [true, true, true, false],
    'records-officer': [true, true, true, true],
    'legal-counsel': [true, true, true, true],
    analyst: [true, true, false, false],
    admin: [true, true, true, false],
  };

  it('covers every role', () => {
    expect(Object.keys(matrix).sort()).toEqual([...ROLES].sort());
  });

  const cases = ROLES.flatMap((role) => CLASSIFICATIONS.map((level, i) => [role, level, matrix[role][i]] as [Role, Classification, boolean]));
  it.each(cases)('%s reading %s → %s', (role, level, allowed) => {
    expect(canRead(role, level)).toBe(allowed);
    expect(clearanceOf(role).includes(level)).toBe(allowed);
    expect(hiddenFrom(role).includes(level)).toBe(!allowed);
  });

  it('gives privileged material to legal counsel and records officers only', () => {
    expect(ROLES.filter((role) => canRead(role, 'privileged')).sort()).toEqual(['legal-counsel', 'records-officer']);
  });

  it('lets negotiators and admins write, nobody else', () => {
    expect([...WRITE_ROLES].sort()).toEqual(['admin', 'negotiator']);
    expect(ROLES.filter(canWrite).sort()).toEqual(['admin', 'negotiator']);
  });

  it('recognises roles exactly', () => {
    expect(isRole('analyst')).toBe(true);
    expect(isRole('Analyst')).toBe(false);
    expect(isRole('root')).toBe(false);
    expect(isRole(undefined)).toBe(false);
  });
});
