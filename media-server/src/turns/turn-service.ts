import { randomUUID } from 'node:crypto';
import {
  ConversationBusyError,
  ConversationExistsError,
  ConversationNotFoundError,
  type ConversationOrigin,
  type ConversationStore,
  type PortsFor,
  type TurnOutput,
} from '../conversation/conversation-store.ts';
import { FlowRejectedError } from '../conversation/flow-cache.ts';
import type { z } from 'zod';
import type { startBody } from './turn-messages.ts';

export type TurnServiceError = {
  status: number;
  code: string;
  message: string;
  fields?: Record<string, string[]>;
};

/**
 * Turns of the calls one front end runs (the turn API over HTTP and WebSocket, or the jambonz
 * application): it reaches only the calls it started, and each call's turns run under the project it was
 * started with.
 */
export class TurnService {
  constructor(
    private readonly store: ConversationStore,
    private readonly origin: ConversationOrigin,
    private readonly portsFor: PortsFor,
  ) {}

  /**
   * Starts a call of `projectId` (null: a bare flow from an external media server, which gets no
   * project's knowledge or credentials). The project is never taken from the request.
   */
  start(body: z.infer<typeof startBody>, projectId: string | null): Promise<TurnOutput> {
    const event = {
      type: 'call_started' as const,
      caller: body.caller,
      callee: body.callee,
      direction: body.direction,
    };
    const scope = { projectId, origin: this.origin };
    return this.store.start(body.callId ?? randomUUID(), body.flow, event, scope, this.portsFor);
  }

  event(callId: string, event: Parameters<ConversationStore['handle']>[1]): Promise<TurnOutput> {
    return this.store.handle(callId, event, this.origin, this.portsFor);
  }

  end(callId: string): Promise<TurnOutput> {
    return this.store.handle(callId, { type: 'call_ended' }, this.origin, this.portsFor);
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
