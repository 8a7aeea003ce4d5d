// The append-only audit log: every write, sign-in and refusal, with before/after.
import type { Kysely, Transaction } from 'kysely';
import type { AuditAction, AuditEntityType } from '../../shared/audit-vocabulary.js';
import type { Database } from '../db/schema.js';
import { appendAudit } from './audit-chain.js';
import type { Actor } from './access.js';

export interface AuditContext {
  actor?: Pick<Actor, 'userId' | 'username' | 'orgId'> | null;
  ip?: string | null;
  requestId?: string | null;
}

export interface AuditEntry {
  action: AuditAction;
  entityType: AuditEntityType;
  entityId?: string | null;
  /** Organisation the entity belongs to, and its path (scopes who may read the entry). */
  orgId?: string | null;
  orgPath?: string | null;
  before?: unknown;
  after?: unknown;
}

const SECRET_KEYS = new Set([
  'password',
  'password_hash',
  'passwordHash',
  'newPassword',
  'currentPassword',
  'totp_secret',
  'totp_pending_secret',
  'csrf_token',
]);

/** Copies a record for the log, dropping secrets. */
export function redact(value: unknown): unknown {
  if (value === null || value === undefined) return value;
  if (Array.isArray(value)) return value.map(redact);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([k]) => !SECRET_KEYS.has(k))
        .map(([k, v]) => [k, redact(v)]),
    );
  }
  return value;
}

/** A value as the log stores it: secrets dropped, then exactly what JSON keeps of it. */
function stored(value: unknown): unknown {
  return value === undefined ? null : JSON.parse(JSON.stringify(redact(value)) ?? 'null');
}

/** Appends an entry, in the caller's transaction when given one, to the tamper-evident chain. */
export async function writeAudit(db: Kysely<Database> | Transaction<Database>, ctx: AuditContext, entry: AuditEntry): Promise<void> {
  await appendAudit(db, {
    at: new Date(),
    actor_user_id: ctx.actor?.userId ?? null,
    actor_username: ctx.actor?.username ?? null,
    actor_org_id: ctx.actor?.orgId ?? null,
    org_id: entry.orgId ?? null,
    org_path: entry.orgPath ?? null,
    action: entry.action,
    entity_type: entry.entityType,
    entity_id: entry.entityId ?? null,
    before: stored(entry.before),
    after: stored(entry.after),
    ip: ctx.ip ?? null,
    request_id: ctx.requestId ?? null,
  });
}
