import type { Role } from './permissions.ts';

/**
 * Who may hand out which role. Holding members.manage is not enough on its own: an admin could otherwise
 * promote themselves to owner or remove the owners. Owners grant and manage anything; admins everything
 * except the owner role and owners themselves.
 */
export function canGrantRole(actor: Role, role: Role): boolean {
  if (actor === 'owner') return true;
  if (actor === 'admin') return role !== 'owner';
  return false;
}

/** May `actor` change the role of, or remove, a member who holds `memberRole`? */
export function canManageMember(actor: Role, memberRole: Role): boolean {
  return canGrantRole(actor, memberRole);
}

/** API keys are machines: they never own a project, and never hold more than their creator. */
export function canIssueApiKeyRole(actor: Role, role: Role): boolean {
  return role !== 'owner' && canGrantRole(actor, role);
}
