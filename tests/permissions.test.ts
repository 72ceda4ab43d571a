import { describe, expect, it } from 'vitest';
import { can, PERMISSIONS, ROLES } from '#server/access/permissions.ts';

describe('permission matrix', () => {
  it('gives the owner everything and nobody else project deletion', () => {
    for (const p of PERMISSIONS) expect(can('owner', p)).toBe(true);
    for (const r of ROLES.filter((r) => r !== 'owner')) expect(can(r, 'project.delete')).toBe(false);
  });

  it('keeps builder actions from operators and analysts', () => {
    for (const p of [
      'agents.edit',
      'agents.publish',
      'knowledge.edit',
      'telephony.manage',
      'members.manage',
    ] as const) {
      expect(can('operator', p)).toBe(false);
      expect(can('analyst', p)).toBe(false);
    }
    expect(can('builder', 'agents.publish')).toBe(true);
    expect(can('operator', 'handoffs.handle')).toBe(true);
    expect(can('supervisor', 'calls.takeover')).toBe(true);
  });

  it('lets only owners and admins read the audit log and manage members, keys and secrets', () => {
    for (const p of ['audit.read', 'members.manage', 'apiKeys.manage', 'credentials.manage'] as const) {
      expect(ROLES.filter((r) => can(r, p))).toEqual(['owner', 'admin']);
    }
  });

  it('lets supervisors run campaigns, and only owners and admins change compliance rules', () => {
    expect(ROLES.filter((r) => can(r, 'campaigns.manage'))).toEqual(['owner', 'admin', 'supervisor']);
    expect(ROLES.filter((r) => can(r, 'compliance.manage'))).toEqual(['owner', 'admin']);
    expect(can('operator', 'campaigns.read')).toBe(false);
  });
});
