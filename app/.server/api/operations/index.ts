// Every operation of /api/v1, one row each; the OpenAPI file is generated from this table.
import type { ApiOperation } from '../api-operation.ts';
import { accessOperations } from './access.ts';
import { agentOperations } from './agents.ts';
import { callOperations } from './calls.ts';
import { knowledgeOperations } from './knowledge.ts';
import { newUserOperations } from './new-user.ts';
import { telephonyOperations } from './telephony.ts';

export const apiOperations: readonly ApiOperation[] = [
  ...accessOperations,
  ...agentOperations,
  ...callOperations,
  ...knowledgeOperations,
  ...telephonyOperations,
  ...newUserOperations,
];
