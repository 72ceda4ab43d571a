// The shapes the Inbox screens get from their loaders (dates already strings over the wire).
import type { CallDetail } from '~/.server/calls/call-detail.server';
import type { CallListItem } from '~/lib/calls/call-list-item';

export type { CallListItem, CallDetail };
export type CallTurnView = CallDetail['turns'][number];
export type CallEventView = CallDetail['events'][number];
export type CallIssueView = CallDetail['issues'][number];
export type FlowMapView = NonNullable<CallDetail['flow']>;
