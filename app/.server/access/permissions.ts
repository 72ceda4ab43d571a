/**
 * The one permission matrix. Roles per project: owner, admin, builder, supervisor, operator, analyst.
 * Every loader, action and API route names one of these permissions; the server refuses what a role lacks,
 * and the UI does not offer it.
 */
export const ROLES = ['owner', 'admin', 'builder', 'supervisor', 'operator', 'analyst'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'project.read',
  'project.update',
  'project.delete',
  'members.read',
  'members.manage',
  'apiKeys.manage',
  'audit.read',
  'credentials.manage',
  'agents.read',
  'agents.edit',
  'agents.publish',
  'calls.read',
  'calls.recordings',
  'calls.flag',
  'calls.monitor',
  'calls.takeover',
  'handoffs.handle',
  'knowledge.read',
  'knowledge.edit',
  'telephony.read',
  'telephony.manage',
  'analytics.read',
  'crm.read',
  'crm.notes',
  'crm.edit',
  'campaigns.read',
  'campaigns.manage',
  'compliance.manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const everyone: Permission[] = ['project.read', 'agents.read', 'knowledge.read'];
const viewCalls: Permission[] = ['calls.read', 'calls.recordings'];
/** Flagging turns as wrong and working the issue list: the people who fix agents, not those who only read. */
const flagCalls: Permission[] = ['calls.flag'];
/** The built-in CRM: builders and admins edit; supervisors and operators read and add notes; analysts read. */
const crmNotes: Permission[] = ['crm.read', 'crm.notes'];

const MATRIX: Record<Role, readonly Permission[]> = {
  owner: PERMISSIONS,
  admin: PERMISSIONS.filter((p) => p !== 'project.delete'),
  builder: [
    ...everyone,
    'agents.edit',
    'agents.publish',
    'knowledge.edit',
    'telephony.read',
    ...viewCalls,
    ...flagCalls,
    'analytics.read',
    ...crmNotes,
    'crm.edit',
    'campaigns.read',
  ],
  supervisor: [
    ...everyone,
    ...viewCalls,
    ...flagCalls,
    'calls.monitor',
    'calls.takeover',
    'handoffs.handle',
    'telephony.read',
    'analytics.read',
    ...crmNotes,
    'campaigns.read',
    'campaigns.manage',
  ],
  operator: [...everyone, 'calls.read', 'handoffs.handle', ...crmNotes],
  analyst: [...everyone, ...viewCalls, 'analytics.read', 'crm.read', 'campaigns.read'],
};

const GRANTS = new Map<Role, ReadonlySet<Permission>>(ROLES.map((r) => [r, new Set(MATRIX[r])]));

export function can(role: Role, permission: Permission): boolean {
  return GRANTS.get(role)?.has(permission) ?? false;
}

export function permissionsOf(role: Role): Permission[] {
  return [...MATRIX[role]];
}

/**
 * What every loader and action enforces: `public`, `signed-in`, or a project permission. The route wrappers
 * (app/.server/http/api-route.ts, project-route.ts) take it once and carry it on the handler; the guard
 * tests import every route module and read it there.
 */
export type RouteGuard = 'public' | 'signed-in' | Permission;
