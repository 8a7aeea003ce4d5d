#!/usr/bin/env node
// The production build: the web app (Vite → dist/web) and the server and CLI (tsc → dist/server,
// dist/cli, dist/shared), run afterwards with plain `node dist/server/main.js`.
//   node scripts/build.mjs              build both (npm run build)
//   node scripts/build.mjs --if-stale   build only what is missing or older than its sources (npm start)
// Building needs the devDependencies (vite, typescript); running the result does not.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ifStale = process.argv.includes('--if-stale');
const log = (m) => console.log(`[jiangxin] ${m}`);

/** Newest modification time of the given files and directories (recursively); 0 when none exist. */
function newest(...paths) {
  let t = 0;
  for (const p of paths) {
    if (!existsSync(p)) continue;
    const s = statSync(p);
    if (!s.isDirectory()) t = Math.max(t, s.mtimeMs);
    else for (const e of readdirSync(p)) t = Math.max(t, newest(join(p, e)));
  }
  return t;
}

const targets = [
  {
    name: 'web app',
    output: 'dist/web/index.html',
    sources: ['src/web', 'src/shared', 'index.html', 'public', 'vite.config.ts'],
    tool: 'node_modules/vite/package.json',
    command: ['npx', ['vite', 'build', '--logLevel', 'warn']],
  },
  {
    name: 'server',
    output: 'dist/server/main.js',
    sources: ['src/server', 'src/shared', 'src/cli', 'tsconfig.json', 'tsconfig.build.json'],
    tool: 'node_modules/typescript/package.json',
    // A clean output: a source file deleted since the last build must not live on in dist/.
    before: () => {
      for (const d of ['dist/server', 'dist/cli', 'dist/shared']) rmSync(d, { recursive: true, force: true });
    },
    command: ['npx', ['tsc', '-p', 'tsconfig.build.json']],
  },
];

for (const t of targets) {
  const built = existsSync(t.output);
  // A pruned production copy has dist/ but no sources: nothing to compare, the build stands.
  const stale = built && newest(...t.sources) > statSync(t.output).mtimeMs;
  if (ifStale && built && !stale) continue;
  if (!existsSync(t.tool)) {
    const why = built ? `is older than its sources` : `is missing (${t.output})`;
    const msg = `the ${t.name} build ${why}, and the build tools are not installed (a production install without devDependencies). Build with \`npm ci && npm run build\` first.`;
    if (built) {
      log(`warning: ${msg} Starting with the existing build.`);
      continue;
    }
    console.error(`[jiangxin] ${msg}`);
    process.exit(1);
  }
  log(`building the ${t.name}${ifStale ? (built ? ' (sources changed)' : ' (not built yet)') : ''}…`);
  const started = Date.now();
  t.before?.();
  const [cmd, args] = t.command;
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`[jiangxin] building the ${t.name} failed`);
    process.exit(r.status ?? 1);
  }
  log(`${t.name} built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
