// The budget of an import's CPU work: reading an uploaded file runs in worker threads with a capped
// heap (resourceLimits) and a wall-clock deadline; past either the worker is terminated and the import
// fails with import_budget_exceeded, while this thread goes on serving requests. (Node gives a worker
// no CPU-time limit of its own: the deadline is wall-clock, generous enough for a loaded machine.)
// And the slots: one running import per user, a small number per process (JIANGXIN_IMPORTS_*).
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { AppError, type ErrorCode } from '../../platform/errors.js';
import type { Config } from '../../config.js';
import type { Analysis } from './imports.analyse.js';
import type { HeaderVocabulary } from './imports.mapping.js';

const ext = import.meta.url.endsWith('.ts') ? 'ts' : 'js';

/** A worker of this module; run from TypeScript sources (tsx, tests), it registers tsx's loader first. */
export function startWorker(file: string, workerData: unknown, resourceLimits: ResourceLimits): Worker {
  const url = new URL(`./${file}.${ext}`, import.meta.url);
  const options = { workerData, resourceLimits, stdout: false, stderr: false };
  if (ext === 'js') return new Worker(url, options);
  const api = pathToFileURL(
    createRequire(import.meta.url)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs'),
  ).href;
  const boot = `import { register } from ${JSON.stringify(api)}; register(); await import(${JSON.stringify(url.href)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(boot)}`), options);
}

export interface Budget {
  /** Wall-clock deadline of the work, in milliseconds. */
  deadlineMs: number;
  /** The worker's V8 heap (its old generation); buffers outside the heap are bounded by the sheet limits. */
  heapMb: number;
}

/**
 * The old generation is the budget; the young one is a quarter of it up to 32 MB (it was 16 MB). Measured
 * on a 100,000-row roster's validation alone (2026-12-05, load 5-6): with the batch's rows kept
 * as objects to the flush, 16 MB made 270 scavenges and 47 full collections (~3 s of GC, a third of the
 * worker's time); with the rows written out as JSON bytes at once (imports.stream.ts) GC is 0.6-1.1 s
 * whatever the cap, and 64 MB saved ~0.3 s more for ~50 MB of RSS, so 32. It adds to the heap cap: the
 * worker's V8 heap stays below 1.25 x JIANGXIN_IMPORT_WORKER_HEAP_MB.
 */
export const budgetLimits = (b: Budget): ResourceLimits => ({
  maxOldGenerationSizeMb: b.heapMb,
  maxYoungGenerationSizeMb: Math.min(32, Math.max(8, Math.floor(b.heapMb / 4))),
});

export const budgetExceeded = (b: Budget) =>
  new AppError('import_budget_exceeded', { seconds: Math.round(b.deadlineMs / 1000), megabytes: b.heapMb });

export const analysisBudget = (config: Config): Budget => ({
  deadlineMs: config.JIANGXIN_IMPORT_CHECK_SECONDS * 1000,
  heapMb: config.JIANGXIN_IMPORT_WORKER_HEAP_MB,
});

export const validationBudget = (config: Config): Budget => ({
  deadlineMs: config.JIANGXIN_IMPORT_RUN_MINUTES * 60_000,
  heapMb: config.JIANGXIN_IMPORT_WORKER_HEAP_MB,
});

/** What a worker posts when it fails: an error of the error model crosses as its code. */
export interface WorkerFailure {
  type: 'error';
  message: string;
  code?: ErrorCode;
  params?: Record<string, string | number>;
}

export const failureFromWorker = (m: WorkerFailure) => (m.code ? new AppError(m.code, m.params) : new Error(m.message));

/**
 * Idle analysis workers, kept for the next upload (a worker's start costs ~50 ms compiled and about a
 * second under tsx on a loaded machine); unref'd while idle so they never keep the process alive. A
 * worker that missed its deadline, ran out of heap or failed is terminated, never reused.
 */
const idleAnalysers: { worker: Worker; heapMb: number }[] = [];
const IDLE_ANALYSERS = 2;

function takeAnalyser(budget: Budget): Worker {
  const i = idleAnalysers.findIndex((w) => w.heapMb === budget.heapMb);
  if (i >= 0) {
    const worker = idleAnalysers.splice(i, 1)[0]!.worker;
    worker.ref();
    return worker;
  }
  const worker = startWorker('imports.analyse.worker', null, budgetLimits(budget));
  worker.on('exit', () => {
    const k = idleAnalysers.findIndex((w) => w.worker === worker);
    if (k >= 0) idleAnalysers.splice(k, 1);
  });
  worker.on('error', () => {}); // each job listens for itself; an idle worker's error only ends it
  return worker;
}

/**
 * Ends the idle analysis workers. A validation starts its own worker: an idle analyser meanwhile keeps its
 * heap and its malloc arena (the header scan inflated the whole file) resident for the whole import.
 */
export function endIdleAnalysers(): void {
  for (const { worker } of idleAnalysers.splice(0)) void worker.terminate();
}

function giveBackAnalyser(worker: Worker, budget: Budget) {
  if (idleAnalysers.length >= IDLE_ANALYSERS) {
    void worker.terminate();
    return;
  }
  worker.unref();
  idleAnalysers.push({ worker, heapMb: budget.heapMb });
}

/** The header scan of an upload (imports.analyse.ts) in a worker, within the budget. */
export function analyseInWorker(
  file: { path: string; key: string; iv: string },
  budget: Budget,
  vocabulary?: HeaderVocabulary,
): Promise<Analysis> {
  return new Promise((resolve, reject) => {
    const worker = takeAnalyser(budget);
    let settled = false;
    const finish = (err: unknown, a?: Analysis) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      // a worker that answered goes back to the pool; one stopped or failing is ended
      if (a || (err instanceof AppError && err.code !== 'import_budget_exceeded')) giveBackAnalyser(worker, budget);
      else void worker.terminate();
      if (err) reject(err);
      else resolve(a!);
    };
    const onMessage = (m: { type: 'done'; analysis: Analysis } | WorkerFailure) =>
      m.type === 'done' ? finish(undefined, m.analysis) : finish(failureFromWorker(m));
    const onError = (err: Error) => finish(isOutOfMemory(err) ? budgetExceeded(budget) : err);
    const onExit = (code: number) => finish(new Error(`analysis worker stopped (${code})`));
    const timer = setTimeout(() => finish(budgetExceeded(budget)), budget.deadlineMs);
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.postMessage({ file, vocabulary });
  });
}

/** A worker stopped by its resource limits. */
export const isOutOfMemory = (err: unknown) => (err as { code?: string } | null)?.code === 'ERR_WORKER_OUT_OF_MEMORY';

/** Running imports of one server (upload analysis, validation, commit), per user and in all. */
class Slots {
  running = 0;
  readonly byUser = new Map<string, number>();
}
const slotsOf = new WeakMap<Config, Slots>();

/**
 * Takes a slot for the user's import work or refuses with 429: import_user_busy when the user already
 * has JIANGXIN_IMPORTS_PER_USER running, import_server_busy when the server runs JIANGXIN_IMPORTS_MAX.
 * The returned function gives the slot back (once; later calls do nothing).
 */
export function takeImportSlot(config: Config, userId: string): () => void {
  let s = slotsOf.get(config);
  if (!s) slotsOf.set(config, (s = new Slots()));
  const mine = s.byUser.get(userId) ?? 0;
  if (mine >= config.JIANGXIN_IMPORTS_PER_USER) throw new AppError('import_user_busy');
  if (s.running >= config.JIANGXIN_IMPORTS_MAX) throw new AppError('import_server_busy', { limit: config.JIANGXIN_IMPORTS_MAX });
  s.running++;
  s.byUser.set(userId, mine + 1);
  let released = false;
  const slots = s;
  return () => {
    if (released) return;
    released = true;
    slots.running--;
    const left = (slots.byUser.get(userId) ?? 1) - 1;
    if (left > 0) slots.byUser.set(userId, left);
    else slots.byUser.delete(userId);
  };
}
