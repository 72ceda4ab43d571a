import { operatorDestination } from '../graph/operator-destination';
import type { Issue } from './issue';
import { makeIssue } from './make-issue';
import type { CheckedNode, ValidationInput } from './validation-input';

function successorsOf(input: ValidationInput): Map<string, string[]> {
  const successors = new Map<string, string[]>();
  for (const edge of input.flow.edges) {
    if (!input.nodes.has(edge.source) || !input.nodes.has(edge.target)) continue;
    const list = successors.get(edge.source) ?? [];
    list.push(edge.target);
    successors.set(edge.source, list);
  }
  return successors;
}

function listens(node: CheckedNode): boolean {
  // Unknown or broken blocks are already errors; counting them as listening avoids a second, confusing one.
  if (!node.definition || node.data === null) return true;
  return node.definition.listens(node.data);
}

/**
 * Strongly connected components (Tarjan) of the non-listening part of the graph. The depth-first walk keeps
 * its own stack of frames instead of recursing: a flow thousands of blocks deep must not overflow the call
 * stack (a 9,000-block line once did, and its draft then failed to load).
 */
function silentCycles(input: ValidationInput, successors: Map<string, string[]>): string[][] {
  const silent = [...input.nodes.values()].filter((node) => !listens(node)).map((node) => node.id);
  const silentSet = new Set(silent);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let counter = 0;

  const open = (id: string): { id: string; next: number } => {
    index.set(id, counter);
    low.set(id, counter);
    counter++;
    stack.push(id);
    onStack.add(id);
    return { id, next: 0 };
  };
  const lower = (id: string, value: number) => low.set(id, Math.min(low.get(id) ?? value, value));

  for (const root of silent) {
    if (index.has(root)) continue;
    // Each frame is a block being visited and how many of its successors it has looked at.
    const frames = [open(root)];
    while (frames.length > 0) {
      const frame = frames[frames.length - 1] as { id: string; next: number };
      const after = successors.get(frame.id) ?? [];
      if (frame.next < after.length) {
        const next = after[frame.next++] as string;
        if (!silentSet.has(next)) continue;
        if (!index.has(next)) frames.push(open(next));
        else if (onStack.has(next)) lower(frame.id, index.get(next) ?? 0);
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent) lower(parent.id, low.get(frame.id) ?? 0);
      if (low.get(frame.id) !== index.get(frame.id)) continue;
      const component: string[] = [];
      for (let member = stack.pop(); member !== undefined; member = stack.pop()) {
        onStack.delete(member);
        component.push(member);
        if (member === frame.id) break;
      }
      const selfLoop = after.includes(frame.id);
      if (component.length > 1 || selfLoop) cycles.push(component.reverse());
    }
  }
  return cycles;
}

/** Unreachable blocks, loops that never wait for the caller, unhandled failures and dead ends. */
export function checkPaths(input: ValidationInput, errors: Issue[], warnings: Issue[]): void {
  const successors = successorsOf(input);
  const start = input.startIds[0];
  if (start) {
    const reached = new Set([start]);
    const queue = [start];
    for (let i = 0; i < queue.length; i++) {
      for (const next of successors.get(queue[i] as string) ?? []) {
        if (!reached.has(next)) {
          reached.add(next);
          queue.push(next);
        }
      }
    }
    // The operator handler reaches its block from any listening step.
    const operator = operatorDestination(input.flow);
    const globalTarget = operator?.kind === 'node' ? operator.nodeId : undefined;
    for (const node of input.nodes.values()) {
      if (reached.has(node.id) || node.id === globalTarget) continue;
      warnings.push(
        makeIssue(
          'unreachable_node',
          'No path from Start leads to this block.',
          'Ни один путь от «Старта» не ведёт к этому блоку.',
          { nodeId: node.id },
        ),
      );
    }
  }

  // The handler fires only where the bot listens; a flow that never listens needs no destination.
  const listening = [...input.nodes.values()].some(listens);
  if (listening && input.flow.settings.globalHandlers.operator.enabled && !operatorDestination(input.flow)) {
    warnings.push(
      makeIssue(
        'no_operator_target',
        'A caller who asks for a person has nowhere to go: add a Transfer block, or set a transfer target in the flow settings.',
        'Абоненту, который попросит сотрудника, некуда перейти: добавьте блок «Перевод» или укажите, куда переводить, в настройках сценария.',
        { field: 'settings.globalHandlers.operator.target' },
      ),
    );
  }

  for (const cycle of silentCycles(input, successors)) {
    errors.push(
      makeIssue(
        'loop_without_listening',
        `These blocks form a loop in which the bot never waits for the caller: ${cycle.join(' → ')}. Add a question to the loop or break it.`,
        `Эти блоки образуют цикл, в котором бот ни разу не ждёт ответа абонента: ${cycle.join(' → ')}. Добавьте в цикл вопрос или разорвите его.`,
        { nodeId: cycle[0] as string },
      ),
    );
  }

  const connected = new Set(input.flow.edges.map((edge) => `${edge.source}\u0000${edge.sourceHandle}`));
  for (const node of input.nodes.values()) {
    if (!node.ports || !node.definition) continue;
    const open = node.ports.filter((port) => !connected.has(`${node.id}\u0000${port.id}`));
    for (const port of open) {
      if (port.kind !== 'fallback' || port.optional) continue;
      warnings.push(
        makeIssue(
          'missing_fallback_port',
          `Output "${port.label.en}" is not connected: if it happens, the bot apologises and hangs up.`,
          `Выход «${port.label.ru}» не подключён: в этом случае бот извинится и положит трубку.`,
          { nodeId: node.id, field: port.id },
        ),
      );
    }
    const mainOpen = open.filter((port) => port.kind !== 'fallback');
    if (
      !node.definition.terminal &&
      mainOpen.length > 0 &&
      mainOpen.length === node.ports.filter((port) => port.kind !== 'fallback').length
    ) {
      warnings.push(
        makeIssue(
          'dead_end',
          'Nothing follows this block: the call ends here.',
          'После этого блока ничего нет: звонок здесь закончится.',
          { nodeId: node.id },
        ),
      );
    }
  }
}
