import type { Flow, LlmPort, Ports } from '#flow-runtime/index';
import { createRuntimePorts } from './runtime-ports.ts';
import { agentLlm } from '../provider-accounts/agent-llm.server.ts';
import { llmEnv } from '../env/env-schema.ts';
import { parseEnv } from '../env/load-env.ts';
import { builtInCrmPort } from '../crm/built-in-crm-port.server.ts';
import { integrationCalendarPort, integrationCrmPort } from '../integrations/integrations.server.ts';
import { messagingPortFor } from '../messaging/messaging-port.server.ts';
import { projectKnowledgePort } from '../knowledge-base/knowledge-port.server.ts';
import { createLogger } from '../logger.ts';
import { createOpenAiCompatibleLlm } from '../providers/llm/openai-compatible-llm.ts';

// The deployment's LLM settings are the media server's; the studio's test console uses the same ones, so a
// test conversation behaves as a call would.

let shared: { llm: LlmPort | undefined } | undefined;
const logger = createLogger('studio');

function llmFromEnv(): LlmPort | undefined {
  if (!shared) {
    let e;
    try {
      e = parseEnv(llmEnv, 'studio');
    } catch {
      e = undefined;
    }
    shared = {
      llm:
        e?.LLM_BASE_URL && e.LLM_API_KEY && e.LLM_MODEL
          ? createOpenAiCompatibleLlm({
              kind: e.LLM_KIND,
              baseUrl: e.LLM_BASE_URL,
              apiKey: e.LLM_API_KEY,
              model: e.LLM_MODEL,
            })
          : undefined,
    };
  }
  return shared.llm;
}

/** Ports for a test conversation: the same as a call's (tools through the SSRF guard, the LLM if set, the
 * knowledge of the conversation's project and of no other). */
export function testConversationPorts(flow: Flow, projectId: string): Ports {
  // The agent's own account when its settings name one (issue 16), else the install's default.
  const llm = agentLlm(flow, projectId, llmFromEnv());
  return createRuntimePorts(flow, projectId, {
    ...(llm ? { llm } : {}),
    logger,
    knowledgeFor: projectKnowledgePort,
    crmFor: builtInCrmPort,
    crmConnectionFor: integrationCrmPort,
    calendarFor: integrationCalendarPort,
    messagingFor: messagingPortFor,
  });
}
