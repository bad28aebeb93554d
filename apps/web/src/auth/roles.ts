export const ROLES = ['negotiator', 'records-officer', 'legal-counsel', 'analyst', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  negotiator: 'Negotiator',
  'records-officer': 'Records officer',
  'legal-counsel': 'Legal counsel',
  analyst: 'Analyst (dashboards)',
  admin: 'Administrator',
};

export const isRole = (value: unknown): value is Role => typeof value === 'string' && (ROLES as readonly string[]).includes(value);

/**
 * What the navigation offers each role. The API decides what each role may do and see; this only
 * keeps a page from offering what would be refused.
 */
export const CAN = {
  record: (role: Role) => role === 'negotiator' || role === 'admin',
  readConfidential: (role: Role) => role !== 'analyst',
  readPrivileged: (role: Role) => role === 'records-officer' || role === 'legal-counsel',
  exportFiles: (role: Role) => role === 'records-officer' || role === 'legal-counsel' || role === 'admin' || role === 'negotiator',
  accessLog: (role: Role) => role === 'records-officer' || role === 'legal-counsel',
  administer: (role: Role) => role === 'admin',
} as const;
