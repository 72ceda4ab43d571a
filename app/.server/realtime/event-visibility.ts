import { can, type Role } from '../access/permissions.ts';
import type { DomainEvent } from '../events/event-catalogue.ts';

export interface Viewer {
  role: Role;
  /** The person (null for an API key): operators see only the handoffs offered to or taken by them. */
  userId: string | null;
}

/**
 * What one viewer may see of one event: the event, a copy without what the role may not have, or null.
 * Analysts, builders and operators see calls but not audio (no recording path); operators see their own handoffs only;
 * alerts are for the monitor's roles; costs and budgets for those who read analytics.
 */
export function visibleEvent(viewer: Viewer, event: DomainEvent): DomainEvent | null {
  const { role } = viewer;
  switch (event.type) {
    case 'call.alert':
      return can(role, 'calls.monitor') ? event : null;
    case 'call.ended':
      if (!can(role, 'calls.read')) return null;
      // Audio is for the roles that may listen in live; analysts and builders open recordings in the Inbox.
      if (event.data.recordingPath && !can(role, 'calls.monitor')) {
        const { recordingPath: _omit, ...data } = event.data;
        return { ...event, data };
      }
      return event;
    case 'handoff.requested':
    case 'handoff.accepted':
    case 'handoff.completed':
      if (can(role, 'calls.monitor')) return event;
      if (!can(role, 'handoffs.handle') || !viewer.userId) return null;
      return event.data.operatorUserId === viewer.userId ? event : null;
    case 'cost.recorded':
    case 'budget.threshold':
    case 'budget.exceeded':
      return can(role, 'analytics.read') ? event : null;
    case 'webhook.test':
      return null;
    default:
      return can(role, 'calls.read') ? event : null;
  }
}
