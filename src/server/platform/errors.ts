// One error type with a code enum and one code → HTTP status table.
// Messages are looked up in i18n by code at the handler, never built in domain code.

export const ERROR_STATUS = {
  validation_failed: 400,
  malformed_json: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  totp_required: 401,
  totp_invalid: 401,
  account_locked: 423,
  account_disabled: 403,
  password_change_required: 403,
  totp_enrollment_required: 403,
  forbidden: 403,
  csrf_failed: 403,
  privilege_escalation: 403,
  not_found: 404,
  route_not_found: 404,
  conflict: 409,
  username_taken: 409,
  uscc_taken: 409,
  org_has_children: 409,
  org_has_data: 409,
  org_archived: 409,
  move_into_own_subtree: 409,
  person_exists: 409,
  registration_refused: 400,
  registration_pending: 403,
  registration_rejected: 403,
  registration_exists: 409,
  registration_state: 409,
  worker_has_account: 409,
  import_state: 409,
  import_running: 409,
  import_has_errors: 409,
  import_conflicts: 409,
  import_report_expired: 410,
  import_busy: 409,
  import_duplicate: 409,
  import_incomplete: 500,
  import_staging_lost: 409,
  file_rejected: 400,
  report_state: 409,
  article_state: 409,
  task_in_use: 409,
  password_policy: 400,
  password_reused: 400,
  wrong_password: 400,
  rate_limited: 429,
  payload_too_large: 413,
  unsupported_media_type: 415,
  internal: 500,
  unavailable: 503,
  database_unavailable: 503,
  storage_full: 507,
  import_cell_too_long: 400,
  import_too_many_columns: 400,
  import_too_many_rows: 400,
  import_sheet_too_large: 400,
  import_strings_too_large: 400,
  import_budget_exceeded: 422,
  import_user_busy: 429,
  import_server_busy: 429,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface FieldError {
  /** Dotted path of the field in the request, e.g. "body.name" or "query.pageSize". */
  path: string;
  /** Stable reason code, e.g. "too_small", "invalid_uscc". */
  code: string;
  /** Parameters for the translated message. */
  params?: Record<string, string | number>;
}

export class AppError extends Error {
  readonly status: number;
  /** A stale write (409 conflict): the record as it is now, masked, with its version. */
  current?: Record<string, unknown>;
  constructor(
    readonly code: ErrorCode,
    readonly params: Record<string, string | number> = {},
    readonly fields: FieldError[] = [],
  ) {
    super(code);
    this.status = ERROR_STATUS[code];
  }
}

export const fail = (code: ErrorCode, params?: Record<string, string | number>): never => {
  throw new AppError(code, params);
};

/** A validation error on one field, raised by domain rules after the schema has passed. */
export const fieldError = (path: string, code: string, params?: Record<string, string | number>): AppError =>
  new AppError('validation_failed', {}, [{ path, code, params }]);

/** A 409 on one field: what the request asked for exists already (or was taken meanwhile). */
export const conflictOn = (path: string, code: string, params?: Record<string, string | number>): AppError =>
  new AppError('conflict', {}, [{ path, code, params }]);

/**
 * A write based on an outdated version of a record: 409 `conflict` naming the fields changed since
 * (paths like "body.name", code "changed_meanwhile") and the record as it is now (masked API shape).
 */
export function staleVersionError(changedPaths: string[], current: Record<string, unknown>): AppError {
  const err = new AppError(
    'conflict',
    {},
    changedPaths.map((path) => ({ path, code: 'changed_meanwhile' })),
  );
  err.current = current;
  return err;
}

/** A unique violation of the named index or constraint (PostgreSQL and PGlite alike). */
export function isUniqueViolation(err: unknown, name: string): boolean {
  const e = err as { code?: string; constraint?: string; message?: string } | null;
  return e?.code === '23505' && (e.constraint === name || (e.message ?? '').includes(`"${name}"`));
}
