// The voice detector's worker thread (vad-thread.ts): owns the Silero ONNX session and runs each batch of
// every call's windows as it comes. onnxruntime-node's run is synchronous on the thread that calls it
// (milliseconds for a batch of tens of windows); here it cannot delay the media server's audio clock.
import { parentPort } from 'node:worker_threads';
import { loadSileroModel } from './silero-model.ts';
import type { VadReply, VadRequest } from './silero-vad-messages.ts';

const port = parentPort;
if (!port) throw new Error('silero-vad.worker runs inside a worker thread');
const send = (reply: VadReply, transfer?: ArrayBuffer[]) => port.postMessage(reply, transfer);

// Batches that come while the model loads wait for it, in order.
const model = loadSileroModel();
let chain: Promise<void> = Promise.resolve();

port.on('message', (request: VadRequest) => {
  chain = chain.then(async () => {
    const started = performance.now();
    try {
      const out = await (await model).infer(request.rows, request.input, request.state);
      send({ type: 'result', id: request.id, ...out, busyMs: performance.now() - started }, [
        out.probabilities.buffer as ArrayBuffer,
        out.state.buffer as ArrayBuffer,
      ]);
    } catch (error) {
      send({
        type: 'failed',
        id: request.id,
        message: error instanceof Error ? error.message : String(error),
      });
    }
  });
});

await model;
send({ type: 'ready' });
