import type { Command, TurnTrace } from '#flow-runtime/index';

const dim = (s: string, color: boolean) => (color ? `\x1b[2m${s}\x1b[0m` : s);
const bold = (s: string, color: boolean) => (color ? `\x1b[1m${s}\x1b[0m` : s);

/** One command as a line a person reads in a terminal. */
export function formatCommand(command: Command, color: boolean): string {
  switch (command.type) {
    case 'say':
      return `${bold('agent:', color)} ${command.text}${command.interruptible ? '' : dim(' (not interruptible)', color)}`;
    case 'listen':
      return dim(`[listen ${command.modes.join('+')}, silence after ${command.noInputTimeoutMs} ms]`, color);
    case 'play':
      return dim(`[play ${command.url}]`, color);
    case 'transfer':
      return `[transfer ${command.mode} to ${command.target.kind} ${command.target.value}: ${command.handoff.reason}]`;
    case 'hangup':
      return `[hangup: ${command.disposition}]`;
    case 'send_dtmf':
      return `[send DTMF ${command.digits}]`;
  }
}

/** The turn's trace in two or three compact lines: path, variable changes, tools and timing. */
export function formatTrace(trace: TurnTrace, color: boolean): string[] {
  const lines = [
    `path: ${trace.path.map((s) => `${s.nodeId}${s.port ? `→${s.port}` : ''}`).join('  ') || '(none)'}`,
  ];
  if (trace.variableChanges.length) {
    lines.push(
      `vars: ${trace.variableChanges.map((v) => `${v.name}=${JSON.stringify(v.after)}`).join(', ')}`,
    );
  }
  for (const t of trace.toolCalls)
    lines.push(`tool: ${t.name} ${t.ok ? 'ok' : `failed (${t.error ?? ''})`} in ${t.durationMs} ms`);
  for (const l of trace.llmCalls)
    lines.push(`llm: ${l.model} ${l.promptTokens}+${l.completionTokens} tokens in ${l.durationMs} ms`);
  if (trace.globalHandler) lines.push(`global handler: ${trace.globalHandler}`);
  lines.push(`turn ${trace.turn} took ${trace.durationMs.toFixed(2)} ms`);
  return lines.map((l) => dim(`  · ${l}`, color));
}
