// Every environment variable Jiangxin reads, parsed once at start from one schema.
// A bad value stops the process with every problem listed (see main.ts).
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** dist/web of this installation, found from this file (src/server or dist/server), whatever the working directory. */
const builtWebDir = fileURLToPath(new URL('../../dist/web', import.meta.url));

const intFromEnv = (fallback: number, min = 0) => z.coerce.number().int().min(min).default(fallback);

const boolFromEnv = (fallback: boolean) =>
  z
    .enum(['1', '0', 'true', 'false', 'yes', 'no'])
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === '1' || v === 'true' || v === 'yes');

export const configSchema = z.object({
  PORT: intFromEnv(3000, 0).describe('HTTP port'),
  HOST: z.string().default('127.0.0.1').describe('Address to listen on; 0.0.0.0 for all interfaces'),
  JIANGXIN_DATA_DIR: z.string().default('./data').describe('PGlite data directory (embedded database) and uploaded files'),
  DATABASE_URL: z.string().url().optional().describe('PostgreSQL URL; when set, used instead of PGlite'),
  DATABASE_POOL_MAX: intFromEnv(10, 1).describe('PostgreSQL pool size per process'),
  DATABASE_CONNECT_TIMEOUT_MS: intFromEnv(5000, 100).describe('PostgreSQL connection timeout'),
  DATABASE_STATEMENT_TIMEOUT_MS: intFromEnv(30000, 100).describe(
    'PostgreSQL statement timeout; the client gives a silent connection up 5 s later',
  ),
  DATABASE_START_RETRY_SECONDS: intFromEnv(60, 0).describe(
    'At start, how long to wait for PostgreSQL to accept connections (retries with backoff, each logged)',
  ),
  JIANGXIN_PGLITE_SHARED_BUFFERS_MB: intFromEnv(16, 1).describe(
    'Embedded database (PGlite): shared buffers in MB, held in the server process for its whole life',
  ),
  JIANGXIN_ADMIN_PASSWORD: z.string().optional().describe('Password of the system admin "admin" created on first start'),
  JIANGXIN_ADMIN_TOTP: z
    .enum(['required', 'optional'])
    .default('required')
    .describe('Whether system admins must enrol TOTP two-factor login'),
  JIANGXIN_SECRET_KEY: z
    .string()
    .optional()
    .describe('base64 32-byte key encrypting secrets at rest; default: a key file in the data directory'),
  JIANGXIN_DEMO: z
    .enum(['1', '0', 'true', 'false', 'yes', 'no'])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === '1' || v === 'true' || v === 'yes'))
    .describe('Create the demo tree and logins on first start (default: on with the embedded database, off with DATABASE_URL)'),
  JIANGXIN_SESSION_IDLE_MINUTES: intFromEnv(30, 1).describe('Session idle timeout'),
  JIANGXIN_SESSION_MAX_HOURS: intFromEnv(12, 1).describe('Session absolute lifetime'),
  JIANGXIN_LOCKOUT_THRESHOLD: intFromEnv(5, 1).describe('Consecutive failed logins before lockout'),
  JIANGXIN_LOCKOUT_MINUTES: intFromEnv(15, 1).describe('Lockout duration'),
  JIANGXIN_LOGIN_RATE_PER_MINUTE: intFromEnv(30, 1).describe('Login attempts per client IP per minute'),
  JIANGXIN_COOKIE_SECURE: boolFromEnv(false).describe('Mark the session cookie Secure (behind HTTPS)'),
  JIANGXIN_TRUST_PROXY: boolFromEnv(false).describe('Trust X-Forwarded-For from a load balancer'),
  JIANGXIN_UPLOAD_MAX_MB: intFromEnv(20, 1).describe('Largest evidence file accepted (MB); files live in <JIANGXIN_DATA_DIR>/files'),
  JIANGXIN_IMPORT_REPORT_DAYS: intFromEnv(7, 1).describe(
    'Days a roster import keeps its uploaded file and error report (counted from its last change); then a job deletes them',
  ),
  JIANGXIN_DISK_MIN_FREE_MB: intFromEnv(1024, 0).describe('Free space on the data directory below which /api/health says degraded'),
  JIANGXIN_BACKUP_DIR: z.string().optional().describe('Where backups go (default <JIANGXIN_DATA_DIR>/backups; put it on another disk)'),
  JIANGXIN_BACKUP_KEEP: intFromEnv(7, 1).describe('Daily backups kept (the newest N)'),
  JIANGXIN_BACKUP_DAILY: z
    .enum(['on', 'off'])
    .default('on')
    .describe('Daily backup by the job runner, embedded database only (PostgreSQL: use your own pg_dump / WAL archiving)'),
  JIANGXIN_WEB_DIR: z.string().default(builtWebDir).describe('Built web app served at / (default: dist/web of this installation)'),
  JIANGXIN_JOBS: z
    .enum(['on', 'off'])
    .default('on')
    .describe('Run scheduled jobs (reminders) in this process; safe with several processes on one database'),
  JIANGXIN_IMPORTS_MAX: intFromEnv(2, 1).describe(
    'Roster imports this process works on at once (upload check, validation, commit); more answer 429 "busy"',
  ),
  JIANGXIN_IMPORTS_PER_USER: intFromEnv(1, 1).describe('Roster imports one user may have running at once; more answer 429 "busy"'),
  JIANGXIN_IMPORT_CHECK_SECONDS: intFromEnv(60, 1).describe(
    'Deadline of the check of an uploaded roster (worker thread); past it the upload is refused',
  ),
  JIANGXIN_IMPORT_RUN_MINUTES: intFromEnv(60, 1).describe(
    'Deadline of the validation of a roster (worker thread); past it the import fails',
  ),
  JIANGXIN_IMPORT_WORKER_HEAP_MB: intFromEnv(128, 32).describe(
    'V8 heap of an import worker thread (checking an upload, validating); past it the worker is stopped and the import fails',
  ),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = z.infer<typeof configSchema>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = configSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/** A configuration for tests: defaults plus overrides, never reading the process environment. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return { ...configSchema.parse({}), LOG_LEVEL: 'silent', ...overrides };
}
