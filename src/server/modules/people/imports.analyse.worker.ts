// Worker thread of an upload's header scan (imports.analyse.ts), started by imports.sandbox.ts with
// a capped heap; the main thread ends it past the deadline. It takes one file at a time and is kept
// for the next upload while it behaves: a file that would stall or swell the server only stalls this thread.
import { parentPort } from 'node:worker_threads';
import { analyseFile, fileError } from './imports.analyse.js';
import type { HeaderVocabulary } from './imports.mapping.js';

const port = parentPort!;

port.on('message', async ({ file, vocabulary }: { file: { path: string; key: string; iv: string }; vocabulary?: HeaderVocabulary }) => {
  try {
    const analysis = await analyseFile(
      { path: file.path, key: Buffer.from(file.key, 'base64'), iv: Buffer.from(file.iv, 'base64') },
      vocabulary,
    );
    port.postMessage({ type: 'done', analysis });
  } catch (err) {
    const known = fileError(err);
    port.postMessage({
      type: 'error',
      message: err instanceof Error ? err.message : String(err),
      ...(known && { code: known.code, params: known.params }),
    });
  }
});
