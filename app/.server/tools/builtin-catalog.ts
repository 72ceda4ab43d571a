import type { BuiltinToolView } from './project-tool-views.ts';

/** The clock tool's name: its answer is the current date and time in the project's zone. */
export const CLOCK_TOOL = 'current_datetime';

/**
 * Built-in tools every project has. The clock runs through the tools port; ending the call and
 * transferring are Agent exits (the flow's End and Transfer blocks do them), listed so builders find them.
 */
export const BUILTIN_TOOLS: readonly BuiltinToolView[] = [
  {
    name: CLOCK_TOOL,
    description: 'The current date, time and weekday in the business time zone.',
    parameters: { type: 'object', properties: {} },
    kind: 'function',
  },
  {
    name: 'end_call',
    description: 'End the call: add an exit to the Agent block and connect it to an End block.',
    parameters: { type: 'object', properties: {} },
    kind: 'exit',
  },
  {
    name: 'transfer',
    description: 'Transfer to a person: add an exit to the Agent block and connect it to a Transfer block.',
    parameters: { type: 'object', properties: {} },
    kind: 'exit',
  },
];

/** The clock's answer, in a zone (IANA). */
export function clockAnswer(now: Date, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    weekday: 'long',
  }).formatToParts(now);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return {
    date: `${part('year')}-${part('month')}-${part('day')}`,
    time: `${part('hour')}:${part('minute')}`,
    weekday: part('weekday'),
    timeZone,
    iso: now.toISOString(),
  };
}

/** What the studio offers a Tool or Agent block: the project's tools, then the built-ins it can call. */
export function studioToolChoices(
  tools: readonly { name: string; description: string; parameters: Record<string, unknown> }[],
) {
  return [
    ...tools.map((tool) => ({
      name: tool.name,
      description: tool.description,
      parameters: tool.parameters,
      kind: 'project' as const,
    })),
    ...BUILTIN_TOOLS.filter((b) => b.kind === 'function').map((b) => ({
      name: b.name,
      description: b.description,
      parameters: b.parameters,
      kind: 'builtin' as const,
      builtin: b.name,
    })),
  ];
}
