// The one migrator, used at start, by the CLI and by the tests.
// Migrations are listed here in order; a new file is imported and appended.
import { sql, type Kysely } from 'kysely';
import { Migrator, type Migration, type MigrationProvider } from 'kysely/migration';
import * as foundation from './migrations/2026-11-22T01-foundation.js';
import * as people from './migrations/2026-11-22T20-people.js';
import * as peopleSortIndexes from './migrations/2026-12-07T51-people-sort-indexes.js';
import * as itemStudio from './migrations/2026-12-07T52-item-studio.js';
import * as workerRegistrations from './migrations/2026-12-08T10-worker-registrations.js';
import * as innovationMerge from './migrations/2026-12-08T20-innovation-merge.js';
import * as importPipeline from './migrations/2026-12-08T40-import-pipeline.js';
import * as sessionIndustryPaths from './migrations/2026-12-09T10-session-industry-paths.js';
import * as importStagingCost from './migrations/2026-12-09T20-import-staging-cost.js';
import * as studioListTotals from './migrations/2026-12-08T30-studio-list-totals.js';
import * as portalGeneration from './migrations/2026-12-07T50-portal-generation.js';
import * as notifications from './migrations/2026-11-23T05-notifications.js';
import * as tasks from './migrations/2026-11-23T10-tasks.js';
import * as dashboard from './migrations/2026-11-23T20-dashboard.js';
import * as sessionLookup from './migrations/2026-11-23T40-session-lookup.js';
import * as transferCancelled from './migrations/2026-11-23T50-transfer-cancelled.js';
import * as peopleListIndex from './migrations/2026-11-23T60-people-list-index.js';
import * as peopleScopes from './migrations/2026-12-01T10-people-scopes.js';
import * as orgChildrenCover from './migrations/2026-12-01T20-org-children-cover.js';
import * as auditChain from './migrations/2026-12-03T30-audit-chain.js';
import * as loginFailures from './migrations/2026-12-03T31-login-failures.js';
import * as healthHeartbeat from './migrations/2026-12-03T40-health-heartbeat.js';
import * as locking from './migrations/2026-12-03T40-locking.js';
import * as taskVersions from './migrations/2026-12-03T40-task-versions.js';
import * as nameSortKeys from './migrations/2026-12-03T40-name-sort-keys.js';
import * as importRules from './migrations/2026-12-04T10-import-rules.js';
import * as news from './migrations/2026-12-04T50-news.js';
import * as fieldwork from './migrations/2026-12-04T30-fieldwork.js';
import * as innovation from './migrations/2026-12-04T40-innovation.js';
import * as industryChain from './migrations/2026-12-04T20-industry-chain.js';
import * as proposals from './migrations/2026-12-04T60-innovation.js';
import * as sessionIndustry from './migrations/2026-12-04T70-session-industry.js';
import * as fieldworkReturns from './migrations/2026-12-05T20-returns.js';
import * as agendaProposals from './migrations/2026-12-06T40-agenda-proposals.js';
import * as researchPlan from './migrations/2026-12-06T40-research-plan.js';
import * as portalHost from './migrations/2026-12-05T40-portal-host.js';
import * as workerAccounts from './migrations/2026-12-04T60-worker-accounts.js';
import * as studioTotals from './migrations/2026-12-05T50-studio-totals.js';
import * as industryAreas from './migrations/2026-12-06T10-industry-areas.js';
import * as newsSubmissions from './migrations/2026-12-06T50-news-submissions.js';
import * as fieldworkFiles from './migrations/2026-12-07T10-fieldwork-files.js';
import * as innovationUpward from './migrations/2026-12-07T20-innovation-upward.js';
import * as sheetImportKinds from './migrations/2026-12-07T30-sheet-import-kinds.js';

const migrations: Record<string, Migration> = {
  '2026-11-22T01-foundation': foundation,
  '2026-11-22T20-people': people,
  '2026-11-23T05-notifications': notifications,
  '2026-11-23T10-tasks': tasks,
  '2026-11-23T20-dashboard': dashboard,
  '2026-11-23T40-session-lookup': sessionLookup,
  '2026-11-23T50-transfer-cancelled': transferCancelled,
  '2026-11-23T60-people-list-index': peopleListIndex,
  '2026-12-01T10-people-scopes': peopleScopes,
  '2026-12-01T20-org-children-cover': orgChildrenCover,
  '2026-12-03T30-audit-chain': auditChain,
  '2026-12-03T31-login-failures': loginFailures,
  '2026-12-03T40-health-heartbeat': healthHeartbeat,
  '2026-12-03T40-locking': locking,
  '2026-12-03T40-task-versions': taskVersions,
  '2026-12-03T40-name-sort-keys': nameSortKeys,
  '2026-12-04T10-import-rules': importRules,
  '2026-12-04T50-news': news,
  '2026-12-04T30-fieldwork': fieldwork,
  '2026-12-04T40-innovation': innovation,
  '2026-12-04T20-industry-chain': industryChain,
  '2026-12-04T60-innovation': proposals,
  '2026-12-04T70-session-industry': sessionIndustry,
  '2026-12-05T40-portal-host': portalHost,
  '2026-12-04T60-worker-accounts': workerAccounts,
  '2026-12-05T20-returns': fieldworkReturns,
  '2026-12-05T50-studio-totals': studioTotals,
  '2026-12-06T10-industry-areas': industryAreas,
  '2026-12-06T50-news-submissions': newsSubmissions,
  '2026-12-06T40-agenda-proposals': agendaProposals,
  '2026-12-06T40-research-plan': researchPlan,
  '2026-12-07T10-fieldwork-files': fieldworkFiles,
  '2026-12-07T20-innovation-upward': innovationUpward,
  '2026-12-07T30-sheet-import-kinds': sheetImportKinds,
  '2026-12-07T50-portal-generation': portalGeneration,
  '2026-12-07T51-people-sort-indexes': peopleSortIndexes,
  '2026-12-07T52-item-studio': itemStudio,
  '2026-12-08T10-worker-registrations': workerRegistrations,
  '2026-12-08T20-innovation-merge': innovationMerge,
  '2026-12-08T30-studio-list-totals': studioListTotals,
  '2026-12-08T40-import-pipeline': importPipeline,
  '2026-12-09T10-session-industry-paths': sessionIndustryPaths,
  '2026-12-09T20-import-staging-cost': importStagingCost,
};

/**
 * Each migration runs in the migrator's transaction without the statement timeout meant for requests:
 * a backfill over millions of rows at the start of an upgraded server must not be cut off at 30 s.
 */
export const untimed = (m: Migration): Migration => ({
  up: async (db) => {
    await sql`SET LOCAL statement_timeout = 0`.execute(db);
    await m.up(db);
  },
  ...(m.down && {
    down: async (db) => {
      await sql`SET LOCAL statement_timeout = 0`.execute(db);
      await m.down!(db);
    },
  }),
});

const provider: MigrationProvider = {
  getMigrations: async () => Object.fromEntries(Object.entries(migrations).map(([k, m]) => [k, untimed(m)])),
};

export async function migrateToLatest<DB>(db: Kysely<DB>): Promise<string[]> {
  // Unordered: migrations are written on parallel branches, so a database may have applied a later-named one
  // before an earlier-named one lands; it then applies the newcomer instead of refusing to start. Each
  // migration touches its own tables, so their order between branches does not matter.
  const migrator = new Migrator({
    db,
    provider,
    migrationTableName: 'jx_migrations',
    migrationLockTableName: 'jx_migrations_lock',
    allowUnorderedMigrations: true,
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
