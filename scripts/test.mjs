#!/usr/bin/env node
// The test command (npm test): lint (Biome + knip), type check, OpenAPI lint, server tests on PGlite and on
// PostgreSQL, the browser suite, then (under CI, or with JX_TEST_PROD=1) the production smoke test
// (scripts/prod-smoke.mjs). With CI=true a missing PostgreSQL or Chromium is a failure, not a skip.
// Each step's time is printed at the end.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';

const ci = process.env.CI === 'true' || process.env.CI === '1';
const pgUrl = new URL(process.env.JX_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
const totals = { passed: 0, failed: 0, skipped: 0 };
const timings = [];
/** Failed tests by step, printed again at the very end: a CI log shows its tail first. */
const failures = [];
mkdirSync('.tmp', { recursive: true });

function run(title, cmd, args, env = {}) {
  console.log(`\n=== ${title} ===`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  timings.push([title, (Date.now() - started) / 1000, r.status === 0]);
  return r.status === 0;
}

function vitest(title, project, env, report) {
  rmSync(report, { force: true }); // a report left by an earlier run must not be counted
  const ok = run(
    title,
    'npx',
    ['vitest', 'run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`],
    env,
  );
  if (existsSync(report)) {
    const j = JSON.parse(readFileSync(report, 'utf8'));
    totals.passed += j.numPassedTests;
    totals.failed += j.numFailedTests;
    totals.skipped += j.numPendingTests + (j.numTodoTests ?? 0);
    for (const file of j.testResults ?? [])
      for (const t of file.assertionResults ?? [])
        if (t.status === 'failed') {
          const why = (t.failureMessages?.[0] ?? '').split('\n').slice(0, 3).join(' / ');
          failures.push(`${title}: ${file.name.replace(`${process.cwd()}/`, '')} > ${t.fullName}\n      ${why.slice(0, 400)}`);
        }
    // a file that failed before its tests ran (import error, hook timeout) has no failed assertion
    for (const file of j.testResults ?? [])
      if (file.status === 'failed' && !(file.assertionResults ?? []).some((t) => t.status === 'failed'))
        failures.push(`${title}: ${file.name.replace(`${process.cwd()}/`, '')}\n      ${(file.message ?? '').slice(0, 400)}`);
  } else if (!ok) totals.failed += 1;
  return ok;
}

function reachable({ hostname, port }) {
  return new Promise((resolve) => {
    const s = net.connect({ host: hostname, port: Number(port || 5432), timeout: 2000 }, () => {
      s.destroy();
      resolve(true);
    });
    s.on('error', () => resolve(false));
    s.on('timeout', () => {
      s.destroy();
      resolve(false);
    });
  });
}

// A step that is not a vitest run counts as one failure in the closing line when it fails.
function step(title, cmd, args, env) {
  const passed = run(title, cmd, args, env);
  if (!passed) totals.failed += 1;
  return passed;
}

let ok = step('lint (biome check, knip)', 'npm', ['run', '--silent', 'lint']);
ok = step('type check', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']) && ok;
// The OpenAPI document, built from the app, must pass Redocly's recommended rules (errors fail).
ok = step('OpenAPI lint (redocly, recommended rules)', 'npm', ['run', '--silent', 'api:lint']) && ok;
ok = vitest('server tests on PGlite', 'server', { JX_TEST_DB: 'pglite' }, '.tmp/vitest-pglite.json') && ok;

if (await reachable(pgUrl)) {
  ok = vitest(`server tests on PostgreSQL (${pgUrl.host})`, 'server', { JX_TEST_DB: 'postgres' }, '.tmp/vitest-postgres.json') && ok;
} else if (ci) {
  console.error(`\nPostgreSQL at ${pgUrl.host} is not reachable and CI=true: failing.`);
  totals.failed += 1;
  ok = false;
} else {
  console.warn(`\nPostgreSQL at ${pgUrl.host} not reachable: PostgreSQL run skipped (CI=true makes this a failure).`);
}

const built = run('build web app', 'npx', ['vite', 'build', '--logLevel', 'warn']);
if (!built) totals.failed += 1;
ok = built && vitest('browser tests (Chromium)', 'e2e', {}, '.tmp/vitest-e2e.json') && ok;

if (ci || process.env.JX_TEST_PROD === '1') {
  ok = step('production build on plain node (npm ci --omit=dev)', process.execPath, ['scripts/prod-smoke.mjs']) && ok;
} else {
  console.log('\nproduction smoke test skipped (runs under CI; locally: npm run test:prod)');
}

console.log(`\n=== timings (Node ${process.version}) ===`);
for (const [title, secs, passed] of timings) console.log(`  ${secs.toFixed(1).padStart(7)} s  ${passed ? 'ok    ' : 'FAILED'}  ${title}`);
if (failures.length) console.log(`\n=== failed tests ===\n${failures.map((f) => `  ${f}`).join('\n')}`);
console.log(`\ntests: ${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(ok && totals.failed === 0 ? 0 : 1);
