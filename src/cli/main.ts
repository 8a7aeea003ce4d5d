// Command line: node dist/cli/main.js <command> (built by npm run build); in development npm run cli -- <command>
//   migrate        apply pending migrations
//   seed-demo      create the demo tree and logins (idempotent)
//   create-admin   create the root organisation and "admin" if missing (JIANGXIN_ADMIN_PASSWORD or printed)
//   run-jobs       run the scheduled jobs that are due, once (e.g. from cron when JIANGXIN_JOBS=off)
//   verify-totals  recount the dashboard roll-ups from scratch, print mismatches (exit 1 if any); --fix repairs
//   repair-totals  the same as verify-totals --fix
//   backup         database + evidence files (+ key) into a new directory: [--out DIR] (default JIANGXIN_BACKUP_DIR)
//   restore        a backup into a fresh data directory / empty database: --from DIR
//   verify-audit   verify the audit log's hash chains; names the first broken entry (exit 1 if any)
//   generate       synthetic dataset on a new database: --workers N [--seed 1] [--province 37] [--as-of YYYY-MM-DD] [--no-verify]
import { loadConfig } from '../server/config.js';
import { ensureRootAndAdmin } from '../server/bootstrap/first-start.js';
import { demoLoginLines, seedDemo } from '../server/bootstrap/demo.js';
import { openRuntime } from '../server/runtime.js';
import { buildApp } from '../server/app.js';
import { runDueJobs } from '../server/platform/jobs.js';
import { verifyTotalsCommand } from '../server/modules/dashboard/totals.cli.js';
import { generateCommand } from '../server/bootstrap/generate/generate.cli.js';
import { backupDirOf, createBackup, restoreBackup } from '../server/db/backup.js';

const option = (flag: string) => {
  const i = process.argv.indexOf(flag);
  return i > 0 ? process.argv[i + 1] : undefined;
};
import { verifyAuditChain } from '../server/platform/audit-chain.js';

const commands: Record<string, (rt: Awaited<ReturnType<typeof openRuntime>>) => Promise<void>> = {
  async migrate() {
    console.log('migrations are up to date');
  },
  async 'create-admin'({ deps }) {
    const r = await ensureRootAndAdmin(deps.db, deps.config.JIANGXIN_ADMIN_PASSWORD);
    if (!r.created) console.log('admin exists already');
    else console.log(r.generated ? `admin created with password "${r.adminPassword}" (change at first sign-in)` : 'admin created');
  },
  async 'seed-demo'({ deps }) {
    await commands['create-admin']!({ deps } as never);
    const r = await seedDemo(deps.db, deps.secrets);
    if (r.created) console.log(demoLoginLines(r.logins).join('\n'));
    else console.log('demo data exists already');
  },
  async 'run-jobs'({ deps }) {
    // Building the app loads every module, which registers its jobs; nothing listens.
    const app = await buildApp(deps);
    try {
      const results = await runDueJobs(deps.db, new Date(), { log: (m) => console.log(m) });
      if (!results.length) console.log('no job is due');
      if (results.some((r) => r.status === 'failed')) process.exitCode = 1;
    } finally {
      await app.close();
    }
  },
  'verify-totals': ({ deps }) => verifyTotalsCommand(deps.db, process.argv.includes('--fix')),
  'repair-totals': ({ deps }) => verifyTotalsCommand(deps.db, true),
  async 'verify-audit'({ deps }) {
    const r = await verifyAuditChain(deps.db);
    console.log(`audit log: ${r.verified} entries verified, ${r.legacy} written before chaining began`);
    for (const p of r.problems) {
      const where = p.id ? `entry ${p.id}` : `the end of chain ${p.chainNo}`;
      console.log(`BROKEN ${where}${p.chainNo !== null && p.id ? ` (chain ${p.chainNo})` : ''}: ${CHAIN_REASONS[p.reason]}`);
    }
    if (r.broken) {
      console.log(`first broken entry: ${r.broken.id ?? `end of chain ${r.broken.chainNo}`}`);
      process.exitCode = 1;
    } else console.log('the audit log is intact');
  },
  generate: ({ deps }) => generateCommand(deps, process.argv.slice(3)),
  async backup({ deps, handle }) {
    console.log(`backup written to ${await createBackup(handle, deps.config, option('--out') ?? backupDirOf(deps.config))}`);
  },
};

const CHAIN_REASONS = {
  not_chained: 'not written by the application (no chain position): inserted around it',
  hash_mismatch: 'its hash does not match its content and the entry before it: altered, or forged',
  missing_before: 'entries before it in its chain are missing',
  missing_at_end: 'the latest entries of the chain are missing',
} as const;

async function main() {
  const name = process.argv[2];
  // restore opens no runtime: it must find the data directory or database still empty.
  if (name === 'restore') {
    const from = option('--from');
    if (!from) throw new Error('usage: npm run cli -- restore --from <backup directory>');
    await restoreBackup(from, loadConfig(), (m) => console.log(m));
    return;
  }
  const command = name ? commands[name] : undefined;
  if (!command) {
    console.error(`usage: node dist/cli/main.js <${[...Object.keys(commands), 'restore'].join('|')}> (in development: npm run cli -- …)`);
    process.exit(2);
  }
  // Maintenance work (a migration's backfill, generating or recounting millions of rows) is not cut
  // off by the statement timeout meant for requests.
  const rt = await openRuntime({ ...loadConfig(), DATABASE_STATEMENT_TIMEOUT_MS: 0 }, (m) => console.log(m));
  try {
    await command(rt);
  } finally {
    await rt.handle.close();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
