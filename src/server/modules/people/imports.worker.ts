// Worker thread of a roster validation: parses, validates and seals (imports.stream.ts) while the
// main thread writes the previous batch to the database and keeps serving requests. Each batch waits
// for the main thread's acknowledgement once two are outstanding, so memory stays bounded.
import { parentPort, workerData } from 'node:worker_threads';
import { fileError } from './imports.analyse.js';
import { validateStream, type ValidationSetup } from './imports.stream.js';

const port = parentPort!;
let credits = 2;
let wake: (() => void) | undefined;
port.on('message', (m) => {
  if (m === 'ack') {
    credits++;
    wake?.();
    wake = undefined;
  }
});

try {
  const totals = await validateStream(workerData as ValidationSetup, async (b) => {
    while (credits <= 0) await new Promise<void>((r) => (wake = r));
    credits--;
    // the staged rows' bytes move to the main thread (no copy)
    port.postMessage({ type: 'batch', batch: b }, b.rows ? [b.rows.buffer as ArrayBuffer] : []);
  });
  port.postMessage({ type: 'done', totals });
} catch (err) {
  // An error of the error model (or a refusal of the file) crosses as its code; anything else as text for the log only.
  const known = fileError(err);
  port.postMessage({
    type: 'error',
    message: err instanceof Error ? err.message : String(err),
    ...(known && { code: known.code, params: known.params }),
  });
}
