import type { ToolOutcome } from '#flow-runtime/ports';

/** A tool implemented in code (calendar, CRM, "end call"...), registered by the feature that owns it. */
export type BuiltinToolImpl = (
  args: Record<string, unknown>,
  context: { signal: AbortSignal },
) => Promise<ToolOutcome>;

const builtins = new Map<string, BuiltinToolImpl>();

export function registerBuiltinTool(name: string, impl: BuiltinToolImpl): void {
  if (builtins.has(name)) throw new Error(`built-in tool "${name}" is already registered`);
  builtins.set(name, impl);
}

export function getBuiltinTool(name: string): BuiltinToolImpl | undefined {
  return builtins.get(name);
}

/** For tests only: forget registrations. */
export function clearBuiltinToolsForTests(): void {
  builtins.clear();
}
