// The command line of `npm start`, so that every server the benches start runs as production does and
// cannot drift from it: package.json's "start" script builds what is stale and runs scripts/start.sh,
// which chooses node's flags by the database (docs/design.md, "The embedded database's memory" and "The
// young generation by database"). With JX_START_PRINT=1 that script prints its command line,
// `NAME=value… node <flags…> <entry>` (today `MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=262144 node
// --liftoff-only --max-semi-space-size=8 dist/server/main.js` on PGlite, the same without the young generation's
// flag on PostgreSQL), read here.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface NpmStart {
  /** The environment the script sets for the server (`NAME=value` before the command). */
  env: Record<string, string>;
  nodeFlags: string[];
  entry: string;
}

/** `NAME=value`, a shell assignment before the command. */
const ASSIGNMENT = /^([A-Z_][A-Z0-9_]*)=(\S*)$/;

/** npm start's command line for a server on the embedded database or on PostgreSQL. */
export function npmStart(database: 'pglite' | 'postgres', root = process.cwd()): NpmStart {
  const script: unknown = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts?.start;
  if (typeof script !== 'string' || !script.trim().endsWith('sh scripts/start.sh'))
    throw new Error(`package.json's "start" does not run scripts/start.sh: ${String(script)}`);
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', JX_START_PRINT: '1' };
  if (database === 'postgres') env.DATABASE_URL = 'postgres://localhost/any';
  const printed = spawnSync('sh', ['scripts/start.sh'], { cwd: root, env, encoding: 'utf8' });
  if (printed.status !== 0) throw new Error(`JX_START_PRINT=1 sh scripts/start.sh exited with ${printed.status}: ${printed.stderr}`);
  const words = printed.stdout.trim().split(/\s+/);
  const assigned: Record<string, string> = {};
  let i = 0;
  for (; i < words.length; i++) {
    const m = ASSIGNMENT.exec(words[i]!);
    if (!m) break;
    assigned[m[1]!] = m[2]!;
  }
  const [node, ...rest] = words.slice(i);
  const entry = rest.pop();
  if (node !== 'node' || !entry?.endsWith('.js') || rest.some((w) => !w.startsWith('--')))
    throw new Error(`scripts/start.sh does not print \`[NAME=value…] node [--flag…] <file>.js\`: ${printed.stdout}`);
  return { env: assigned, nodeFlags: rest, entry };
}

/**
 * node's flags of `npm start` plus those of JX_BENCH_NODE_ARGS (e.g. "--max-old-space-size=96" or V8's
 * heap settings), for a bench that tries a server under other flags.
 */
export function benchNodeFlags(start: NpmStart): string[] {
  return [...start.nodeFlags, ...(process.env.JX_BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean)];
}

/**
 * npm start's environment for a bench server, without what the caller's environment already sets: spread
 * after process.env, the caller's own value wins (e.g. MALLOC_ARENA_MAX=16, glibc's default on two cores, to
 * measure the server without the setting), as JX_BENCH_NODE_ARGS adds to the flags.
 */
export function benchServerEnv(start: NpmStart): Record<string, string> {
  return Object.fromEntries(Object.entries(start.env).filter(([name]) => process.env[name] === undefined));
}

/** Builds what is missing or older than its sources, as `npm start` does before it starts the server. */
export function buildIfStale(root = process.cwd()) {
  const r = spawnSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`node scripts/build.mjs --if-stale exited with ${r.status}`);
}
