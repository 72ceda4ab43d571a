// Every operation of /api/v1, one row each; the OpenAPI file is generated from this table.
import type { ApiOperation } from '../api-operation.ts';
import { accessOperations } from './access.ts';
import { agentOperations } from './agents.ts';
import { callOperations } from './calls.ts';
import { crmOperations } from './crm.ts';
import { campaignOperations } from './campaigns.ts';
import { handoffOperations } from './handoffs.ts';
import { knowledgeOperations } from './knowledge.ts';
import { providerOperations } from './providers.ts';
import { realtimeOperations } from './realtime.ts';
import { newUserOperations } from './new-user.ts';
import { telephonyOperations } from './telephony.ts';
import { webhookOperations } from './webhooks.ts';
import { messagingOperations } from './messaging.ts';
import { toolOperations } from './tools.ts';
import { integrationOperations } from './integrations.ts';

export const apiOperations: readonly ApiOperation[] = [
  ...accessOperations,
  ...agentOperations,
  ...callOperations,
  ...crmOperations,
  ...campaignOperations,
  ...handoffOperations,
  ...knowledgeOperations,
  ...providerOperations,
  ...realtimeOperations,
  ...telephonyOperations,
  ...webhookOperations,
  ...messagingOperations,
  ...toolOperations,
  ...integrationOperations,
  ...newUserOperations,
];
