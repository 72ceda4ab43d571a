import { randomUUID } from 'node:crypto';
import type { Flow, Ports } from '#flow-runtime/index';
import {
  ConversationBusyError,
  ConversationExistsError,
  ConversationNotFoundError,
  type ConversationStore,
  type TurnOutput,
} from '../../../app/.server/conversation-store/conversation-store.ts';
import { FlowRejectedError } from '../../../app/.server/conversation-store/flow-cache.ts';
import type { z } from 'zod';
import type { startBody } from './turn-messages.ts';

export type TurnServiceError = {
  status: number;
  code: string;
  message: string;
  fields?: Record<string, string[]>;
};

/** The turn API shared by the HTTP and WebSocket front ends. */
export class TurnService {
  private readonly portsByFlow = new WeakMap<Flow, Ports>();

  constructor(
    private readonly store: ConversationStore,
    private readonly makePorts: (flow: Flow) => Ports,
  ) {}

  private portsFor = (flow: Flow): Ports => {
    let ports = this.portsByFlow.get(flow);
    if (!ports) this.portsByFlow.set(flow, (ports = this.makePorts(flow)));
    return ports;
  };

  start(body: z.infer<typeof startBody>): Promise<TurnOutput> {
    const event = {
      type: 'call_started' as const,
      caller: body.caller,
      callee: body.callee,
      direction: body.direction,
    };
    return this.store.start(body.callId ?? randomUUID(), body.flow, event, this.portsFor);
  }

  event(callId: string, event: Parameters<ConversationStore['handle']>[1]): Promise<TurnOutput> {
    return this.store.handle(callId, event, this.portsFor);
  }

  end(callId: string): Promise<TurnOutput> {
    return this.store.handle(callId, { type: 'call_ended' }, this.portsFor);
  }
}

/** Maps what can go wrong in a turn to an API error; anything unexpected is a 500 the caller may retry. */
export function toServiceError(error: unknown): TurnServiceError {
  if (error instanceof ConversationNotFoundError)
    return { status: 404, code: 'call_not_found', message: error.message };
  if (error instanceof ConversationExistsError)
    return { status: 409, code: 'call_exists', message: error.message };
  if (error instanceof ConversationBusyError)
    return { status: 409, code: 'call_busy', message: error.message };
  if (error instanceof FlowRejectedError)
    return { status: 400, code: 'invalid_flow', message: error.message, fields: error.fields };
  return {
    status: 500,
    code: 'turn_failed',
    message: 'The turn could not be run; the call state is unchanged.',
  };
}
