// The answer to a stale write (optimistic locking of tasks and reports): 409 `conflict`, its fields
// naming what was changed since the version the caller read (from the audit log's entries, which
// record each edit's fields and the version it produced) and the current version.
import { AppError, type FieldError } from '../../platform/errors.js';
import * as repo from './tasks.repository.js';

const BOOKKEEPING = new Set(['version', 'revision', 'taskId']);

export async function staleWrite(db: repo.Db, entity: 'task' | 'report', id: string, read: number, current: number): Promise<AppError> {
  const key = entity === 'task' ? 'version' : 'revision';
  const changed = new Set<string>();
  for (const e of await repo.listAuditEntriesOf(db, entity, id)) {
    const after = repo.parseJson(e.after) as Record<string, unknown> | null;
    const produced = Number(after?.[key]);
    if (!after || !(produced > read)) continue;
    for (const k of Object.keys(after)) if (!BOOKKEEPING.has(k)) changed.add(k);
  }
  const fields: FieldError[] = [
    { path: `body.${key}`, code: 'stale_version', params: { read, current } },
    ...[...changed].sort().map((k) => ({ path: `body.${k}`, code: 'changed_meanwhile' })),
  ];
  return new AppError('conflict', { entity, current, changed: [...changed].sort().join(',') }, fields);
}
