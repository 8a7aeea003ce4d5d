// Worker thread of an upload's header scan (imports.analyse.ts), started by imports.sandbox.ts with
// a capped heap and a deadline: a file that would stall or swell the server only stalls this thread.
import { parentPort, workerData } from 'node:worker_threads';
import { analyseFile, fileError } from './imports.analyse.js';

const port = parentPort!;
const { file } = workerData as { file: { path: string; key: string; iv: string } };

try {
  const analysis = await analyseFile({ path: file.path, key: Buffer.from(file.key, 'base64'), iv: Buffer.from(file.iv, 'base64') });
  port.postMessage({ type: 'done', analysis });
} catch (err) {
  const known = fileError(err);
  port.postMessage({
    type: 'error',
    message: err instanceof Error ? err.message : String(err),
    ...(known && { code: known.code, params: known.params }),
  });
}
