import type { CallEvent } from '../events';
import { pick, type Language } from '../i18n';
import type { JsonValue } from '../json';
import { extractSlot } from '../nlu-bridge';
import { applyGlobalHandler } from './apply-global-handler';
import { findEarlySlots } from './early-slots';
import { matchGlobalHandler } from './global-handlers';
import { RuntimeError } from './runtime-error';
import { TRANSCRIPT_TAIL } from './runtime-state';
import type { TurnRunner } from './turn-runner';

/** The media server reports a failed transfer as a tool result with this call id (see the Transfer node). */
export const TRANSFER_CALL_ID = 'transfer';

const operatorsBusy = {
  ru: 'К сожалению, сейчас все операторы заняты.',
  en: 'Sorry, all our operators are busy right now.',
};

async function startFlow(runner: TurnRunner): Promise<void> {
  const startId = runner.flow.startId;
  if (!startId)
    throw new RuntimeError('no_start_node', 'The flow has no Start node; validate it before publishing.');
  await runner.walk(startId, null);
}

async function transferFailed(runner: TurnRunner, error: string | undefined): Promise<void> {
  const { state } = runner;
  const nodeId = state.currentNodeId;
  runner.log({
    level: 'warn',
    message: `transfer failed: ${error ?? 'no reason given'}`,
    ...(nodeId ? { nodeId } : {}),
  });
  state.waitingFor = null;
  const node = nodeId ? runner.flow.nodes.get(nodeId) : undefined;
  const failedPort = node?.entry?.definition.handoffFailedPort;
  if (failedPort && nodeId) {
    const target = runner.flow.target(nodeId, failedPort);
    if (target) await runner.walk(target, null);
    else runner.fallback('transfer_failed', nodeId);
    return;
  }
  // A transfer asked for by a global handler: apologise and ask the waiting question again.
  state.waitingFor = 'caller';
  runner.commands.push(...runner.say(pick(operatorsBusy, state.language)));
  if (state.lastPrompt) runner.commands.push(...runner.say(state.lastPrompt));
  runner.relisten();
}

async function callerSpoke(
  runner: TurnRunner,
  event: Extract<CallEvent, { type: 'utterance' | 'dtmf' | 'silence' }>,
): Promise<void> {
  const { state } = runner;
  const nodeId = state.currentNodeId;
  if (nodeId === null) {
    runner.log({ level: 'warn', message: `${event.type} before call_started: starting the flow` });
    await startFlow(runner);
    return;
  }
  if (state.waitingFor !== 'caller') {
    runner.log({ level: 'debug', message: `${event.type} ignored while waiting for an operator` });
    return;
  }
  if (event.type === 'utterance') {
    state.lastUtterance = event.text; // read by scope(), which is first built after this point
    state.transcript.push({ speaker: 'caller', text: event.text });
    const handler = matchGlobalHandler(event.text, runner.settings.globalHandlers, state.language);
    if (handler) {
      await applyGlobalHandler(runner, handler);
      return;
    }
    // "Yes" to an agent's offer of a person goes where "a person, please" goes.
    if (offeredPerson(state.nodeMemory[nodeId]) && saysYes(event.text, state.language)) {
      await applyGlobalHandler(runner, 'operator');
      return;
    }
    runner.turnUtterance = event.text;
    for (const early of findEarlySlots(
      runner.flow,
      state,
      nodeId,
      event.text,
      state.language,
      runner.ports.clock.now(),
    )) {
      state.earlySlots[early.nodeId] = early.slot;
      runner.trace.earlySlots.push({
        nodeId: early.nodeId,
        variable: early.variable,
        display: early.slot.display,
      });
    }
  } else if (event.type === 'dtmf') {
    state.transcript.push({ speaker: 'caller', text: `[DTMF ${event.digits}]` });
  }
  await runner.walk(nodeId, event);
}

/** Decides what one event means in the call's current situation and runs the flow accordingly. */
export async function dispatchEvent(runner: TurnRunner, event: CallEvent): Promise<void> {
  const { state } = runner;
  if (state.ended) {
    runner.log({ level: 'debug', message: `${event.type} after the call ended: ignored` });
    return;
  }
  switch (event.type) {
    case 'call_ended':
      runner.finish(event.reason ?? 'caller_hung_up', state.currentNodeId);
      return;
    case 'call_started':
      if (state.currentNodeId !== null) {
        runner.log({ level: 'warn', message: 'call_started for a call already in progress: ignored' });
        runner.relisten();
        return;
      }
      state.caller = { ...state.caller, ...event.caller };
      await startFlow(runner);
      return;
    case 'operator_returned': {
      // Only a call parked on its Transfer block goes back, and only to a block of its own flow.
      if (state.waitingFor !== 'operator') {
        runner.log({ level: 'warn', message: `hand back to "${event.nodeId}" refused: not waiting` });
        runner.relisten();
        return;
      }
      // A block this flow lacks (a queue's after-wait block names one of another agent's): the person is
      // gone all the same, so the Transfer block's failed port takes the caller rather than silence.
      if (!runner.flow.nodes.has(event.nodeId)) {
        await transferFailed(runner, `no block "${event.nodeId}" in this flow`);
        return;
      }
      Object.assign(state.variables, event.variables ?? {});
      state.waitingFor = null;
      await runner.walk(event.nodeId, null);
      return;
    }
    case 'operator_joined':
      if (state.waitingFor === 'operator') runner.finish('transferred', state.currentNodeId);
      else runner.relisten();
      return;
    case 'tool_result':
      if (state.waitingFor === 'operator' && event.callId === TRANSFER_CALL_ID && !event.ok) {
        await transferFailed(runner, event.error);
        return;
      }
      runner.log({ level: 'debug', message: `tool_result "${event.callId}" not awaited: ignored` });
      runner.relisten();
      return;
    case 'utterance':
    case 'dtmf':
    case 'silence':
      await callerSpoke(runner, event);
      state.transcript = state.transcript.slice(-TRANSCRIPT_TAIL);
      return;
  }
}

function offeredPerson(memory: JsonValue | undefined): boolean {
  return (
    typeof memory === 'object' && memory !== null && !Array.isArray(memory) && memory.offeredPerson === true
  );
}

function saysYes(text: string, language: Language): boolean {
  const answer = extractSlot('yes_no', text, { language });
  return answer.ok && answer.value === true;
}
