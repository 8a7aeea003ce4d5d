// Reads the configuration, opens and migrates the database, listens, and shuts down gracefully.
import { buildApp } from './app.js';
import { ensureRootAndAdmin } from './bootstrap/first-start.js';
import { loadConfig } from './config.js';
import { seedDemo, printDemoLogins } from './bootstrap/demo.js';
import { openRuntime } from './runtime.js';
import { startJobRunner } from './platform/jobs.js';

async function main() {
  const config = loadConfig();
  const { deps, handle } = await openRuntime(config, (m) => console.log(`[jiangxin] ${m}`));
  const boot = await ensureRootAndAdmin(deps.db, config.JIANGXIN_ADMIN_PASSWORD);
  if (boot.created && boot.generated) {
    console.log(`[jiangxin] system admin created: username "admin", password "${boot.adminPassword}" (shown once; change it at first sign-in)`);
  }
  if (config.JIANGXIN_DEMO ?? !config.DATABASE_URL) {
    const demo = await seedDemo(deps.db, deps.secrets);
    if (demo.created) printDemoLogins(demo.logins);
  }
  const app = await buildApp(deps);
  await app.listen({ port: config.PORT, host: config.HOST });
  console.log(`[jiangxin] listening on http://${config.HOST}:${config.PORT} (database: ${deps.dbKind})`);
  // Jobs are registered by the modules buildApp loaded; the schedule itself lives in the database.
  const jobs = config.JIANGXIN_JOBS === 'on' ? startJobRunner(deps.db, { log: (m) => console.log(`[jiangxin] ${m}`) }) : null;

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
