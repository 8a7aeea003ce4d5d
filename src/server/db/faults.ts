// What a database or disk error means for the request that met it, decided in one place:
// - 'unavailable': the database cannot answer now (connection lost or refused, shut down, out of
//   resources, read-only, a client-side timeout). The request fails with 503 and may be retried.
// - 'storage_full': a disk is full (PostgreSQL's 53100, ENOSPC/EDQUOT from the file system): 507.
// - 'retry': a serialization failure or deadlock; the unit of work may run again (transaction.ts).
// - 'unique': a unique constraint refused the row; UNIQUE_FIELDS names the request field.
// - undefined: not a fault of the database or disk (a bug, a bad query): 500.

export type FaultKind = 'unavailable' | 'storage_full' | 'retry' | 'unique';

interface ErrorLike {
  code?: unknown;
  message?: unknown;
  constraint?: unknown;
  cause?: unknown;
}

/** Errors of the pg client and pool that carry no SQLSTATE: the connection is gone or silent. */
const CONNECTION_MESSAGES = [
  'Connection terminated',
  'Query read timeout',
  'timeout exceeded when trying to connect',
  'is not queryable',
  'Cannot use a pool after calling end',
  'Client was closed and is not queryable',
  'terminating connection',
];

const NODE_NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNABORTED',
]);
const DISK_FULL_CODES = new Set(['ENOSPC', 'EDQUOT']);

export function classifyFault(err: unknown): FaultKind | undefined {
  const e = err as ErrorLike | null;
  if (!e || typeof e !== 'object') return undefined;
  const code = typeof e.code === 'string' ? e.code : '';
  const message = typeof e.message === 'string' ? e.message : '';
  if (DISK_FULL_CODES.has(code) || code === '53100' || /No space left on device|Disk quota exceeded/i.test(message)) return 'storage_full';
  if (code === '23505') return 'unique';
  if (code === '40001' || code === '40P01') return 'retry';
  if (/^(08|53|57P0)/.test(code) || code === '57014' || code === '25006' || code === '55P03') return 'unavailable';
  if (NODE_NETWORK_CODES.has(code)) return 'unavailable';
  if (CONNECTION_MESSAGES.some((m) => message.includes(m))) return 'unavailable';
  // AggregateError of a failed connect (IPv4 and IPv6 both refused), or a wrapped cause.
  if (Array.isArray((e as { errors?: unknown }).errors)) {
    for (const inner of (e as { errors: unknown[] }).errors) {
      const k = classifyFault(inner);
      if (k) return k;
    }
  }
  if (e.cause && e.cause !== err) return classifyFault(e.cause);
  return undefined;
}

/**
 * Unique constraints and indexes → the request field they guard, and the reason shown for it.
 * Two identical creates at once both pass their own "does it exist?" check; the database refuses
 * the second, and this names what was taken.
 */
export const UNIQUE_FIELDS: Record<string, { path: string; reason: string }> = {
  task_reports_period_idx: { path: 'body.period', reason: 'report_exists' },
  people_id_hash_idx: { path: 'body.idNumber', reason: 'already_registered' },
  users_username_idx: { path: 'body.username', reason: 'already_taken' },
  organisations_uscc_idx: { path: 'body.uscc', reason: 'already_registered' },
  craftsman_titles_name_idx: { path: 'body.name', reason: 'already_taken' },
  task_tags_name_idx: { path: 'body.name', reason: 'already_taken' },
  person_transfers_pending_idx: { path: 'body.orgId', reason: 'transfer_pending' },
};

export function uniqueField(err: unknown): { path: string; reason: string } | undefined {
  const constraint = (err as ErrorLike | null)?.constraint;
  return typeof constraint === 'string' ? UNIQUE_FIELDS[constraint] : undefined;
}

/** Seconds a client should wait before retrying a request that met an unavailable database. */
export const RETRY_AFTER_SECONDS = 5;
