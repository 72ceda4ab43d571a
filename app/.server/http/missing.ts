/**
 * What a route answers (404) when an id in its path is not one of the project's: the code the API and the
 * pages share, and the API's message. One table instead of a `notFound` copied into each route.
 */
export interface Missing {
  code: string;
  message: string;
}

export const MISSING = {
  agent: { code: 'agent_not_found', message: 'No such agent in this project.' },
  version: { code: 'version_not_found', message: 'No such version of this agent.' },
  testSession: { code: 'test_session_not_found', message: 'No such test conversation.' },
  apiKey: { code: 'api_key_not_found', message: 'No such API key in this project.' },
  call: { code: 'call_not_found', message: 'No such call in this project.' },
  recording: { code: 'recording_not_found', message: 'This call has no recording.' },
  issue: { code: 'issue_not_found', message: 'No such issue in this project.' },
  knowledgeBase: { code: 'knowledge_base_not_found', message: 'No such knowledge base in this project.' },
  source: { code: 'source_not_found', message: 'No such source in this project.' },
  member: { code: 'member_not_found', message: 'No such member in this project.' },
  invitation: { code: 'invitation_not_found', message: 'No such invitation in this project.' },
  phoneNumber: { code: 'phone_number_not_found', message: 'No such phone number in this project.' },
  sipConnection: { code: 'sip_connection_not_found', message: 'No such SIP connection in this project.' },
  provider: { code: 'provider_not_found', message: 'No such provider account in this project.' },
  testCall: { code: 'test_call_not_found', message: 'No such test call in this project.' },
  webhook: { code: 'webhook_not_found', message: 'No such webhook in this project.' },
  tool: { code: 'tool_not_found', message: 'No such tool in this project.' },
  // CRM (issue 23)
  contact: { code: 'contact_not_found', message: 'No such contact in this project.' },
  deal: { code: 'deal_not_found', message: 'No such deal in this project.' },
  pipeline: { code: 'pipeline_not_found', message: 'No such pipeline in this project.' },
  activity: { code: 'activity_not_found', message: 'No such activity in this project.' },
  crmField: { code: 'field_not_found', message: 'No such field in this project.' },
  integration: { code: 'integration_not_found', message: 'No such integration in this project.' },
  campaign: { code: 'campaign_not_found', message: 'No such campaign in this project.' },
  queue: { code: 'queue_not_found', message: 'No such queue in this project.' },
  handoff: { code: 'handoff_not_found', message: 'No such handoff in this project.' },
  dncEntry: { code: 'dnc_entry_not_found', message: 'No such do-not-call entry in this project.' },
  consent: { code: 'consent_not_found', message: 'No such consent record in this project.' },
  // Messaging (issue 22)
  messagingChannel: { code: 'channel_not_found', message: 'No such messaging channel in this project.' },
  messageTemplate: { code: 'template_not_found', message: 'No such message template in this project.' },
  message: { code: 'message_not_found', message: 'No such message in this project.' },
} as const satisfies Record<string, Missing>;
