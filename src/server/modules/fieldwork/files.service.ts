// Files on field-work records: a visit problem's attachments, the visit report's, a meeting's
// documents and an agenda item's documents to review. The raw upload streams into the platform file
// store (size limit while streaming, type sniffed, executables and unsafe names refused); a refused
// file answers a per-field error naming the file (query.fileName) and leaves no row and no file. The
// route's policy loaded the owning record; downloads are scope-checked through it (fieldwork.policy.ts).
import type { Readable } from 'node:stream';
import { writeAudit } from '../../platform/audit.js';
import { AppError, fieldError } from '../../platform/errors.js';
import { fileStoreFor, isSafeFileName, uploadLimitBytes } from '../../platform/files.js';
import type { RequestContext } from '../../platform/http.js';
import { contentDisposition } from '../tasks/attachments.service.js';
import { inTransaction } from '../../db/transaction.js';
import { auditMeeting, auditVisit, type LoadedFile, type ProblemAndVisit, type SeenMeeting } from './fieldwork.policy.js';
import type * as repo from './fieldwork.repository.js';
import * as files from './files.repository.js';
import type { FileView } from './files.schemas.js';
import type { AttachmentOwnerKind } from './fieldwork.tables.js';

const MAX_PER_OWNER = 30;
const FILE_FIELD = 'query.fileName';

export const fileView = (f: files.FileRow): FileView => ({
  id: String(f.id),
  fileName: f.file_name,
  size: Number(f.size),
  contentType: f.content_type,
  createdAt: new Date(f.created_at).toISOString(),
  url: `/api/fieldwork-files/${f.id}`,
});

/** The files of some owners of one kind, by owner id (and, for agenda items, by item key). */
export async function filesByOwner(db: repo.Db, kind: AttachmentOwnerKind, ownerIds: string[]): Promise<Map<string, FileView[]>> {
  const byOwner = new Map<string, FileView[]>();
  for (const f of await files.listFiles(db, kind, ownerIds)) {
    const k = kind === 'agenda_item' ? `${f.owner_id}:${f.item_key}` : String(f.owner_id);
    byOwner.set(k, [...(byOwner.get(k) ?? []), fileView(f)]);
  }
  return byOwner;
}

/** A refused file, as an error on the file field that names the file (the reason translated per module). */
function refused(err: unknown, fileName: string, maxMb: number): unknown {
  if (!(err instanceof AppError)) return err;
  if (err.code === 'file_rejected' && err.fields.length === 0) {
    const reason = String(err.params.reason ?? 'type_not_allowed');
    return new AppError('file_rejected', err.params, [
      { path: FILE_FIELD, code: `file_${reason}`, params: { name: fileName, max: MAX_PER_OWNER } },
    ]);
  }
  if (err.code === 'payload_too_large' && err.fields.length === 0)
    return new AppError('payload_too_large', err.params, [{ path: FILE_FIELD, code: 'file_too_large', params: { name: fileName, maxMb } }]);
  return err;
}

interface Owner {
  kind: AttachmentOwnerKind;
  ownerId: string;
  itemKey: string | null;
  audit: ReturnType<typeof auditVisit> | ReturnType<typeof auditMeeting>;
  /** What the audit entry says the file is on. */
  on: Record<string, string>;
}

async function upload(ctx: RequestContext, owner: Owner, fileName: string, body: Readable, contentLength: string | undefined) {
  const maxBytes = uploadLimitBytes(ctx.config);
  const maxMb = ctx.config.JIANGXIN_UPLOAD_MAX_MB;
  try {
    if (!body || typeof (body as Readable).pipe !== 'function') throw new AppError('file_rejected', { reason: 'empty' });
    if (!isSafeFileName(fileName)) throw new AppError('file_rejected', { reason: 'unsafe_file_name' });
    if (contentLength !== undefined && Number(contentLength) > maxBytes) throw new AppError('payload_too_large');
    if ((await files.countFiles(ctx.db, owner.kind, owner.ownerId, owner.itemKey)) >= MAX_PER_OWNER)
      throw new AppError('file_rejected', { reason: 'too_many_files' });
  } catch (err) {
    if (body && typeof body.resume === 'function') body.resume();
    throw refused(err, fileName, maxMb);
  }
  const store = fileStoreFor(ctx.config);
  let stored: Awaited<ReturnType<typeof store.put>>;
  try {
    stored = await store.put(body, { maxBytes, fileName });
  } catch (err) {
    throw refused(err, fileName, maxMb);
  }
  try {
    const id = await inTransaction(ctx.db, async (trx) => {
      const id = await files.insertFile(trx, {
        owner_kind: owner.kind,
        owner_id: owner.ownerId,
        item_key: owner.itemKey,
        file_key: stored.key,
        file_name: fileName,
        size: stored.size,
        sha256: stored.sha256,
        content_type: stored.contentType,
        uploaded_by: ctx.actor.userId,
      });
      await writeAudit(trx, ctx, {
        ...owner.audit,
        action: 'attach',
        after: { ...owner.on, attachmentId: id, fileName, size: stored.size, contentType: stored.contentType, sha256: stored.sha256 },
      });
      return id;
    });
    return fileView((await files.findFile(ctx.db, id))!);
  } catch (err) {
    await store.delete(stored.key);
    throw err;
  }
}

export function uploadForProblem(ctx: RequestContext, { problem, visit }: ProblemAndVisit, fileName: string, body: Readable, len?: string) {
  const on = { problemId: String(problem.id) };
  return upload(ctx, { kind: 'problem', ownerId: String(problem.id), itemKey: null, audit: auditVisit(visit), on }, fileName, body, len);
}

export function uploadForReport(ctx: RequestContext, visit: repo.VisitRow, fileName: string, body: Readable, len?: string) {
  const on = { visitReport: 'true' };
  return upload(ctx, { kind: 'visit_report', ownerId: String(visit.id), itemKey: null, audit: auditVisit(visit), on }, fileName, body, len);
}

export async function uploadForMeeting(
  ctx: RequestContext,
  { meeting }: SeenMeeting,
  q: { fileName: string; agendaItem?: string },
  body: Readable,
  len?: string,
) {
  if (q.agendaItem !== undefined) {
    const items = (typeof meeting.agenda === 'string' ? JSON.parse(meeting.agenda) : meeting.agenda) as { key?: string; title: string }[];
    const item = items.find((i) => i.key === q.agendaItem);
    if (!item) {
      if (body && typeof body.resume === 'function') body.resume();
      throw fieldError('query.agendaItem', 'unknown_agenda_item');
    }
    const owner: Owner = {
      kind: 'agenda_item',
      ownerId: String(meeting.id),
      itemKey: q.agendaItem,
      audit: auditMeeting(meeting),
      on: { agendaItem: item.title },
    };
    return upload(ctx, owner, q.fileName, body, len);
  }
  const owner: Owner = { kind: 'meeting', ownerId: String(meeting.id), itemKey: null, audit: auditMeeting(meeting), on: {} };
  return upload(ctx, owner, q.fileName, body, len);
}

export async function open(ctx: RequestContext, { file }: LoadedFile) {
  const f = await fileStoreFor(ctx.config).get(file.file_key);
  return { stream: f.stream, size: f.size, contentType: file.content_type, disposition: contentDisposition(file.file_name) };
}

export async function remove(ctx: RequestContext, { file, owner }: LoadedFile) {
  await inTransaction(ctx.db, async (trx) => {
    await files.deleteFile(trx, file.id);
    await writeAudit(trx, ctx, {
      ...owner,
      action: 'detach',
      before: { attachmentId: String(file.id), fileName: file.file_name, size: Number(file.size), sha256: file.sha256 },
    });
  });
  await fileStoreFor(ctx.config).delete(file.file_key);
}

/** After the agenda changed: the documents of items no longer on it go (rows in `db`'s transaction; bytes after). */
export async function dropRemovedAgendaFiles(db: repo.Db, meetingId: string, keys: string[]): Promise<string[]> {
  return (await files.deleteAgendaFilesExcept(db, meetingId, keys)).map((f) => f.file_key);
}
