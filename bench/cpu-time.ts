// CPU time spent by the processes of one bench run, read from /proc (Linux): the server process
// (all its threads: the main thread, the import's worker, the embedded PGlite) and the PostgreSQL
// processes working for it (the backends connected to its database, and the server-wide writer
// processes: WAL writer, checkpointer, background writer, autovacuum). Wall-clock rates on this
// machine swing with its load; CPU seconds per row do not, so they tell what two cores can do at best.
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's utime and stime (USER_HZ, 100 on Linux's common builds). */
const TICKS = 100;

function ticksOf(pid: string): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces, hence the last ')'): utime is the 14th, stime the 15th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined; // the process ended
  }
}

function cmdline(pid: string): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

const WRITERS = /^postgres: (?:\S+: )?(?:walwriter|checkpointer|background writer|autovacuum)/;

/** Each PostgreSQL process serving `database` (or all databases, as the writers do), by pid. */
function postgresPids(database: string): string[] {
  return readdirSync('/proc').filter((pid) => {
    if (!/^\d+$/.test(pid)) return false;
    const cmd = cmdline(pid);
    return cmd.startsWith('postgres: ') && (WRITERS.test(cmd) || cmd.includes(` ${database} `));
  });
}

export interface CpuSample {
  server: number;
  db: Map<string, number>;
}

/** A reading of the server's and PostgreSQL's CPU ticks so far; `database` undefined for PGlite. */
export function sampleCpu(serverPid: number, database?: string): CpuSample {
  const db = new Map<string, number>();
  if (database) for (const pid of postgresPids(database)) db.set(pid, ticksOf(pid) ?? 0);
  return { server: ticksOf(String(serverPid)) ?? 0, db };
}

/** CPU seconds between two readings: the server's, and PostgreSQL's (a backend born in between counts from zero). */
export function cpuBetween(a: CpuSample, b: CpuSample): { server: number; db: number; total: number } {
  let db = 0;
  for (const [pid, ticks] of b.db) db += ticks - (a.db.get(pid) ?? 0);
  const server = (b.server - a.server) / TICKS;
  return { server, db: db / TICKS, total: server + db / TICKS };
}
