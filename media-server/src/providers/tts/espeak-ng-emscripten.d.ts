// The package ships no types; the engine wrapper (espeak-engine.ts) narrows what it uses.
declare module '@echogarden/espeak-ng-emscripten' {
  const createModule: (moduleArg?: Record<string, unknown>) => Promise<unknown>;
  export default createModule;
}
