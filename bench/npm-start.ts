// The command line of `npm start`, read from package.json's "start" script, so that every server the
// benches start runs as production does and cannot drift from it: the script's last command is
// `[exec] node <flags…> <entry>` (today `node --liftoff-only --max-semi-space-size=8 dist/server/main.js`;
// docs/design.md, "The embedded database's memory" and "Validation speed and peak RSS").
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export function npmStart(root = process.cwd()): { nodeFlags: string[]; entry: string } {
  const script: unknown = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts?.start;
  if (typeof script !== 'string') throw new Error('package.json has no "start" script');
  const words = script
    .split('&&')
    .at(-1)!
    .trim()
    .split(/\s+/)
    .filter((w) => w !== 'exec');
  const [node, ...rest] = words;
  const entry = rest.pop();
  if (node !== 'node' || !entry?.endsWith('.js') || rest.some((w) => !w.startsWith('--')))
    throw new Error(`package.json's "start" does not end in \`node [--flag…] <file>.js\`: ${script}`);
  return { nodeFlags: rest, entry };
}

/**
 * node's flags of `npm start` plus those of JX_BENCH_NODE_ARGS (e.g. "--max-old-space-size=96" or V8's
 * heap settings), for a bench that tries a server under other flags.
 */
export function benchNodeFlags(start = npmStart()): string[] {
  return [...start.nodeFlags, ...(process.env.JX_BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean)];
}

/** Builds what is missing or older than its sources, as `npm start` does before it starts the server. */
export function buildIfStale(root = process.cwd()) {
  const r = spawnSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`node scripts/build.mjs --if-stale exited with ${r.status}`);
}
