// The command line of `npm start`, read from package.json's "start" script, so that every server the
// benches start runs as production does and cannot drift from it: the script's last command is
// `[NAME=value…] [exec] node <flags…> <entry>` (today `MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=262144 exec node --liftoff-only
// --max-semi-space-size=8 dist/server/main.js`; docs/design.md, "The embedded database's memory" and
// "Validation speed and peak RSS").
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

export function npmStart(root = process.cwd()): NpmStart {
  const script: unknown = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts?.start;
  if (typeof script !== 'string') throw new Error('package.json has no "start" script');
  const words = script.split('&&').at(-1)!.trim().split(/\s+/);
  const env: Record<string, string> = {};
  let i = 0;
  for (; i < words.length; i++) {
    const m = ASSIGNMENT.exec(words[i]!);
    if (!m) break;
    env[m[1]!] = m[2]!;
  }
  const [node, ...rest] = words.slice(i).filter((w) => w !== 'exec');
  const entry = rest.pop();
  if (node !== 'node' || !entry?.endsWith('.js') || rest.some((w) => !w.startsWith('--')))
    throw new Error(`package.json's "start" does not end in \`[NAME=value…] [exec] node [--flag…] <file>.js\`: ${script}`);
  return { env, nodeFlags: rest, entry };
}

/**
 * node's flags of `npm start` plus those of JX_BENCH_NODE_ARGS (e.g. "--max-old-space-size=96" or V8's
 * heap settings), for a bench that tries a server under other flags.
 */
export function benchNodeFlags(start = npmStart()): string[] {
  return [...start.nodeFlags, ...(process.env.JX_BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean)];
}

/**
 * npm start's environment for a bench server, without what the caller's environment already sets: spread
 * after process.env, the caller's own value wins (e.g. MALLOC_ARENA_MAX=16, glibc's default on two cores, to
 * measure the server without the setting), as JX_BENCH_NODE_ARGS adds to the flags.
 */
export function benchServerEnv(start = npmStart()): Record<string, string> {
  return Object.fromEntries(Object.entries(start.env).filter(([name]) => process.env[name] === undefined));
}

/** Builds what is missing or older than its sources, as `npm start` does before it starts the server. */
export function buildIfStale(root = process.cwd()) {
  const r = spawnSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`node scripts/build.mjs --if-stale exited with ${r.status}`);
}
