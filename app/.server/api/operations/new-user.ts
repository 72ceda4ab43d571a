// Operations added for the new-user walk (issue 18): ending test conversations, agent housekeeping.
import type { ApiOperation } from '../api-operation.ts';

const tags = ['agents'];
const agent = '/projects/{projectId}/agents/{agentId}';

export const newUserOperations: ApiOperation[] = [
  {
    method: 'delete',
    path: `${agent}/test-sessions/{sessionId}`,
    operationId: 'endTestSession',
    summary:
      'End a test conversation the person left (the console closed or restarted); its call in the Inbox ends too. Ending an ended one is fine.',
    tags,
    permission: 'agents.edit',
    responses: { 204: null },
  },
];
