import { operatorDestination } from '../graph/operator-destination';
import { pick } from '../i18n';
import { builtInPrompts } from './built-in-prompts';
import type { GlobalHandlerName } from './global-handlers';
import { buildHandoffPacket } from './handoff-packet';
import type { TurnRunner } from './turn-runner';

/** Carries out a global handler the caller's words triggered; the waiting node is left as it was. */
export async function applyGlobalHandler(runner: TurnRunner, name: GlobalHandlerName): Promise<void> {
  const { state, settings } = runner;
  const handlers = settings.globalHandlers;
  runner.trace.globalHandler = name;

  if (name === 'repeat') {
    runner.commands.push(
      ...runner.say(state.lastPrompt ?? pick(builtInPrompts.nothingToRepeat, state.language)),
    );
    runner.relisten();
    return;
  }

  if (name === 'stop_calling') {
    const message = handlers.stopCalling.message ?? builtInPrompts.goodbyeDnc;
    runner.commands.push(...runner.say(pick(message, state.language), { interruptible: false }));
    runner.commands.push({ type: 'hangup', disposition: handlers.stopCalling.disposition });
    runner.finish(handlers.stopCalling.disposition, state.currentNodeId);
    return;
  }

  const destination = operatorDestination(runner.flow.flow);
  if (destination?.kind === 'node') {
    await runner.walk(destination.nodeId, null);
    return;
  }
  if (!destination) {
    runner.commands.push(...runner.say(pick(builtInPrompts.noOperator, state.language)));
    runner.relisten();
    return;
  }
  runner.commands.push(
    ...runner.say(pick(builtInPrompts.transferring, state.language), { interruptible: false }),
  );
  runner.commands.push({
    type: 'transfer',
    target: destination.target,
    mode: handlers.operator.mode,
    handoff: buildHandoffPacket(state, 'caller_requested_operator', state.language),
  });
  // currentNodeId stays on the listening node: if the transfer fails, the caller is asked again there.
  state.waitingFor = 'operator';
}
