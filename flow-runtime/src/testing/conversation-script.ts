import type { CallEvent } from '../events';
import type { FakePortsOptions } from './fake-ports';

/**
 * A scripted conversation fixture: a flow (a name under fixtures/good, or inline), scripted port answers,
 * and turns of event -> expected commands. Expected commands match partially (only the fields given), and
 * `textIncludes` matches part of a `say` text, so fixtures stay readable.
 */
export interface ExpectedCommand {
  type: string;
  textIncludes?: string;
  [field: string]: unknown;
}

export interface ConversationTurn {
  event: CallEvent;
  expect: ExpectedCommand[];
  expectState?: { ended?: boolean; endReason?: string; variables?: Record<string, unknown> };
  expectTrace?: {
    globalHandler?: string;
    earlySlots?: string[];
    path?: string[];
    toolCalls?: string[];
    llmCalls?: number;
  };
}

export interface ConversationScript {
  description: string;
  flow: string | Record<string, unknown>;
  ports?: Pick<FakePortsOptions, 'tools' | 'knowledge' | 'llm'>;
  turns: ConversationTurn[];
}
