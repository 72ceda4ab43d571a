/**
 * Ports are the runtime's only way out. The runtime never touches a database, Redis, the network or
 * process.env; whoever calls runTurn passes implementations (real connectors in the media server and the
 * app, zero-delay fakes in tests and benchmarks). Every async port receives an AbortSignal: the runtime
 * aborts it when a node's timeout expires and takes the node's failure path.
 */

export interface LlmMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string;
  /** For role 'tool': which call this answers. */
  toolCallId?: string;
  /** For role 'assistant': the function calls it made. */
  toolCalls?: LlmToolCall[];
}

export interface LlmFunction {
  name: string;
  description: string;
  /** JSON Schema of the arguments. */
  parameters: Record<string, unknown>;
}

export interface LlmToolCall {
  id: string;
  name: string;
  /** Raw JSON text as the model produced it; the runtime validates it. */
  arguments: string;
}

export interface LlmUsage {
  model: string;
  promptTokens: number;
  completionTokens: number;
}

export interface LlmRequest {
  /** Per-agent model settings; connectors apply their own defaults when unset. */
  model?: string;
  temperature?: number;
  maxTokens?: number;
  messages: LlmMessage[];
  functions?: LlmFunction[];
  signal: AbortSignal;
  /** Streaming sink: the media server starts TTS on the first sentence. Optional. */
  onTextDelta?: (delta: string) => void;
}

export interface LlmResponse {
  text: string;
  toolCalls: LlmToolCall[];
  usage: LlmUsage;
  /** Milliseconds from request to first token, when streamed. */
  firstTokenMs?: number;
  /** Who answered (a provider account's name, "default"), and whether it stood in for the agent's own. */
  provider?: string;
  fallback?: boolean;
}

export interface LlmPort {
  complete(request: LlmRequest): Promise<LlmResponse>;
}

export interface ToolInvocation {
  /** Project-level tool name, as declared in the flow's `tools`. */
  name: string;
  args: Record<string, unknown>;
  signal: AbortSignal;
}

export type ToolOutcome =
  | { ok: true; result: unknown; status?: number }
  | {
      ok: false;
      error: string;
      retryable: boolean;
      status?: number;
      /** An HTTP error answer's body, truncated: shown by the Tools screen's Test, not given to the LLM. */
      body?: string;
    };

export interface ToolsPort {
  invoke(invocation: ToolInvocation): Promise<ToolOutcome>;
}

export interface KnowledgeChunk {
  id: string;
  text: string;
  /** The heading breadcrumb put in front of `text` ("FAQ › Delivery"), so a spoken answer can leave it out. */
  heading?: string;
  score: number;
  source: { id: string; title: string; url?: string };
}

export interface KnowledgeQuery {
  query: string;
  knowledgeBaseIds: string[];
  limit: number;
  language?: string;
  signal: AbortSignal;
}

export interface KnowledgePort {
  search(query: KnowledgeQuery): Promise<KnowledgeChunk[]>;
}

/**
 * The CRM the flow's CRM nodes talk to: the built-in CRM first, Bitrix24 or amoCRM behind the same methods
 * later. Stages are named by id or by name (CRMs differ in what they expose); a method that fails throws.
 */
export interface CrmContactRecord {
  id: string;
  name: string;
  company: string;
  phones: string[];
  emails: string[];
  tags: string[];
  fields: Record<string, string | number | boolean | null>;
}

export interface CrmContactChanges {
  /** Update this contact; without it the phone finds one, or a new one is created. */
  contactId?: string;
  phone?: string;
  name?: string;
  email?: string;
  company?: string;
  tags?: string[];
}

export interface CrmPort {
  /**
   * By number; `contactId` (a campaign call's contact, linked when its list was uploaded) wins when the CRM
   * still has it.
   */
  findContact(query: {
    phone: string;
    contactId?: string;
    signal: AbortSignal;
  }): Promise<CrmContactRecord | null>;
  upsertContact(changes: CrmContactChanges & { signal: AbortSignal }): Promise<CrmContactRecord>;
  createDeal(deal: {
    title: string;
    contactId?: string;
    amount?: number;
    stage?: string;
    signal: AbortSignal;
  }): Promise<{ id: string; stage: string }>;
  moveDeal(move: {
    dealId: string;
    stage: string;
    signal: AbortSignal;
  }): Promise<{ id: string; stage: string }>;
  addNote(note: { contactId: string; text: string; signal: AbortSignal }): Promise<{ id: string }>;
  createTask(task: {
    contactId: string;
    title: string;
    dueAt: string;
    signal: AbortSignal;
  }): Promise<{ id: string }>;
}

/** The project's messaging (issue 22): queues one message; refusals (a missing variable) throw. */
export interface MessagingPort {
  send(message: {
    channelId: string;
    templateId?: string;
    text?: string;
    to: string;
    variables: Record<string, string | number | boolean>;
    signal: AbortSignal;
  }): Promise<{ id: string; status: string }>;
}

/**
 * A calendar the Book appointment block reads and books (a Google Calendar connection). Times are epoch ms.
 * `book` checks the slot again right before it writes; a slot taken since it was offered answers `taken`.
 * `eventId` is the idempotency key: booking again with it never makes a second event.
 */
export interface CalendarPort {
  busy(query: {
    calendarId: string;
    from: number;
    to: number;
    signal: AbortSignal;
  }): Promise<{ start: number; end: number }[]>;
  book(booking: {
    calendarId: string;
    eventId: string;
    start: number;
    end: number;
    timeZone: string;
    summary: string;
    description: string;
    signal: AbortSignal;
  }): Promise<{ booked: true; id: string } | { booked: false; reason: 'taken' }>;
}

export interface ClockPort {
  /** Milliseconds since the epoch. */
  now(): number;
}

export interface RandomPort {
  /** A number in [0, 1). */
  next(): number;
}

export interface LoggerPort {
  debug(message: string, data?: Record<string, unknown>): void;
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
  error(message: string, data?: Record<string, unknown>): void;
}

export interface Ports {
  /** Absent when no LLM is configured: Agent nodes then use the embedded intent/slot engine. */
  llm?: LlmPort;
  tools: ToolsPort;
  knowledge: KnowledgePort;
  /** Absent when the call has no project (a bare flow on the turn API): CRM nodes take their failed port. */
  crm?: CrmPort;
  /** One of the project's CRM connections by id (Bitrix24…), for CRM nodes that name one. */
  crmConnection?: (connectionId: string) => CrmPort;
  /** Absent without a project: Send message nodes take their failed port. */
  messaging?: MessagingPort;
  /** One of the project's calendar connections by id (Google Calendar), for Book appointment nodes. */
  calendar?: (connectionId: string) => CalendarPort;
  clock: ClockPort;
  random: RandomPort;
  logger: LoggerPort;
}
