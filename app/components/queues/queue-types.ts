/** What the queues screen receives from its loader (type-only import of the service's shape). */
import type { QueueView } from '~/.server/handoffs/handoff-input';

export { AFTER_WAIT, type AfterWait } from '~/lib/handoffs/handoff-views';

export type QueueItem = QueueView;
