// One page of a list timed at one connection: requests one after the other, each read to its end, after a
// warm-up. Shared by bench/people-sort.ts (every sort, three organisations) and bench/run.ts's `people`
// section (issue 17: the first page by birth date at the province, p50 ≤ 20 ms).

/** The p-th percentile (0–100) of `xs`: the value at that rank of the sorted sample. */
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]!;

export interface PageTimes {
  p50: number;
  p99: number;
  requests: number;
  /** The list's `total` in the last answer. */
  total: number;
}

/** `requests` GETs of `url` with the session cookie, one at a time, after `warmUp` untimed ones; throws on a non-200. */
export async function timePage(url: string, cookie: string, requests: number, warmUp = 5): Promise<PageTimes> {
  for (let i = 0; i < warmUp; i++) await (await fetch(url, { headers: { cookie } })).arrayBuffer();
  const times: number[] = [];
  let total = 0;
  for (let i = 0; i < requests; i++) {
    const t = performance.now();
    const res = await fetch(url, { headers: { cookie } });
    const body = (await res.json()) as { total: number };
    times.push(performance.now() - t);
    if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
    total = body.total;
  }
  return { p50: percentile(times, 50), p99: percentile(times, 99), requests, total };
}
