// Reads the configuration, opens and migrates the database, listens, and shuts down gracefully.
// Production runs the compiled file: node dist/server/main.js (npm run build; see README).
import type { AddressInfo } from 'node:net';
import { buildApp } from './app.js';
import { ensureRootAndAdmin } from './bootstrap/first-start.js';
import { loadConfig } from './config.js';
import { demoLoginLines, seedDemo } from './bootstrap/demo.js';
import { openRuntime } from './runtime.js';
import { startJobRunner } from './platform/jobs.js';

async function main() {
  const config = loadConfig();
  const { deps, handle } = await openRuntime(config, (m) => console.log(`[jiangxin] ${m}`));
  // What a person needs to sign in the first time is printed last, as one block, so the start-up
  // lines (migrations, the listening address) do not bury it.
  const signIn: string[] = [];
  const boot = await ensureRootAndAdmin(deps.db, config.JIANGXIN_ADMIN_PASSWORD);
  if (boot.created && boot.generated) {
    signIn.push(
      `[jiangxin] system admin created: username "admin", password "${boot.adminPassword}" (shown once; change it at first sign-in)`,
    );
  }
  if (config.JIANGXIN_DEMO ?? !config.DATABASE_URL) {
    const demo = await seedDemo(deps.db, deps.secrets);
    if (demo.created) signIn.push(...demoLoginLines(demo.logins));
  }
  const app = await buildApp(deps);
  await app.listen({ port: config.PORT, host: config.HOST });
  const url = `http://${config.HOST}:${(app.server.address() as AddressInfo).port}`;
  console.log(`[jiangxin] listening on ${url} (database: ${deps.dbKind})`);
  if (deps.dbKind === 'pglite' && !process.execArgv.includes('--liftoff-only'))
    console.log(
      '[jiangxin] tip: `node --liftoff-only dist/server/main.js` (as npm start runs it) keeps ~500 MB of compilation out of memory',
    );
  // Jobs are registered by the modules buildApp loaded; the schedule itself lives in the database.
  const jobs = config.JIANGXIN_JOBS === 'on' ? startJobRunner(deps.db, { log: (m) => console.log(`[jiangxin] ${m}`) }) : null;
  if (signIn.length) {
    const rule = `[jiangxin] ${'─'.repeat(40)}`;
    console.log([rule, `[jiangxin] first start: sign in at ${url}`, ...signIn, rule].join('\n'));
  }

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`[jiangxin] ${signal}: finishing in-flight requests`);
    const timer = setTimeout(() => process.exit(1), 15_000);
    // Stop accepting, let in-flight requests finish; keep-alive connections that fall idle
    // meanwhile are closed as they do, so they cannot hold the shutdown open.
    const sweep = setInterval(() => app.server.closeIdleConnections(), 100);
    await app.close();
    clearInterval(sweep);
    await jobs?.stop();
    console.log('[jiangxin] requests finished; closing the database');
    await handle.close();
    console.log('[jiangxin] stopped');
    clearTimeout(timer);
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err) => {
  console.error(`[jiangxin] failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
