// Where a server's memory goes during a bench (bench/people-import.ts --mem-probe preloads it with
// node --import): every 200 ms it samples process.memoryUsage() (RSS of the process; heap, external and
// array buffers of the main thread) and the V8 heap of each live worker thread (worker.getHeapStatistics()),
// and keeps, in the JSON file named by JX_MEM_PROBE, the sample taken at the highest RSS and the peak of
// each figure on its own. Bench-only: it wraps worker_threads.Worker to see the workers.
import { writeFileSync } from 'node:fs';
import { createRequire, syncBuiltinESMExports } from 'node:module';

const wt = createRequire(import.meta.url)('node:worker_threads');
const out = process.env.JX_MEM_PROBE;
// --import runs in every worker thread too: only the main thread samples
if (out && wt.isMainThread) {
  const workers = new Set();
  const Original = wt.Worker;
  wt.Worker = class extends Original {
    constructor(...args) {
      super(...args);
      workers.add(this);
      this.once('exit', () => workers.delete(this));
    }
  };
  syncBuiltinESMExports();
  const mb = (n) => Math.round(n / 1e5) / 10;
  const peaks = {};
  let atPeak = null;
  const t0 = performance.now();
  /** [seconds, RSS, main heap total, main external, workers' heap total] every sample. */
  const timeline = [];
  const sample = async () => {
    const m = process.memoryUsage();
    const heaps = await Promise.all(
      [...workers].map((w) =>
        w.getHeapStatistics().then(
          (h) => ({ total: h.total_heap_size, used: h.used_heap_size, external: h.external_memory ?? 0 }),
          () => null,
        ),
      ),
    );
    const live = heaps.filter(Boolean);
    const s = {
      rss: mb(m.rss),
      mainHeapTotal: mb(m.heapTotal),
      mainHeapUsed: mb(m.heapUsed),
      mainExternal: mb(m.external),
      mainArrayBuffers: mb(m.arrayBuffers),
      workers: live.length,
      workerHeapTotal: mb(live.reduce((a, h) => a + h.total, 0)),
      workerHeapUsed: mb(live.reduce((a, h) => a + h.used, 0)),
      workerExternal: mb(live.reduce((a, h) => a + h.external, 0)),
    };
    for (const [k, v] of Object.entries(s)) peaks[k] = Math.max(peaks[k] ?? 0, v);
    if (!atPeak || s.rss > atPeak.rss) atPeak = s;
    timeline.push([Math.round((performance.now() - t0) / 100) / 10, s.rss, s.mainHeapTotal, s.mainExternal, s.workerHeapTotal]);
    writeFileSync(out, JSON.stringify({ atPeakRss: atPeak, peaks, timeline }));
  };
  setInterval(() => void sample().catch(() => {}), 200).unref();
}
