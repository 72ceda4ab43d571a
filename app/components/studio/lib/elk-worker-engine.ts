// ELK in a web worker for the studio: a big flow lays out without freezing the canvas, and the 1.6 MB
// engine is fetched only when "Tidy" is first used (the worker script is a separate file, never in the
// studio's bundle). Without workers (very old browsers) the in-thread engine is loaded instead.
import ELK from 'elkjs/lib/elk-api.js';
import workerUrl from 'elkjs/lib/elk-worker.min.js?url';
import { inThreadEngine, type ElkEngine } from './auto-layout';

let engine: ElkEngine | undefined;

export async function layoutEngine(): Promise<ElkEngine> {
  if (engine) return engine;
  engine = typeof Worker === 'undefined' ? await inThreadEngine() : new ELK({ workerUrl });
  return engine;
}
