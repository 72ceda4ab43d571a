// What a call issue can say, shared by the server (validation) and the Inbox screens (choices).
export const ISSUE_REASONS = [
  'wrong_answer',
  'not_understood',
  'should_have_transferred',
  'tool_failed',
  'too_slow',
  'other',
] as const;
export type IssueReason = (typeof ISSUE_REASONS)[number];

export const ISSUE_STATUSES = ['open', 'in_progress', 'resolved', 'dismissed'] as const;
export type IssueStatus = (typeof ISSUE_STATUSES)[number];
