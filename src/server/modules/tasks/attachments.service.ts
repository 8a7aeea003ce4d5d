// Evidence attachments of progress reports: the raw upload is streamed into the FileStore (size
// limit while streaming, content type sniffed, executables refused, safe names only), then recorded
// with the report; downloads are scope-checked through the report's task, whatever the URL guessed.
import type { Readable } from 'node:stream';
import { AppError } from '../../platform/errors.js';
import { writeAudit } from '../../platform/audit.js';
import { fileStoreFor, isSafeFileName, uploadLimitBytes } from '../../platform/files.js';
import type { RequestContext } from '../../platform/http.js';
import { attachmentsOf, auditReport, getVisibleReport } from './reports.service.js';
import { canReportTask } from './tasks.service.js';

const MAX_PER_REPORT = 30;

export async function upload(ctx: RequestContext, reportId: string, fileName: string, body: Readable, contentLength: string | undefined) {
  const drain = () => {
    if (body && typeof body.resume === 'function') body.resume();
  };
  let checked;
  try {
    checked = await getVisibleReport(ctx, reportId);
    if (!canReportTask(ctx, checked.task)) throw new AppError('forbidden');
    if (checked.report.status !== 'draft' && checked.report.status !== 'returned') throw new AppError('report_state', { status: checked.report.status });
    // No body at all (no content type): nothing to store.
    if (!body || typeof (body as Readable).pipe !== 'function') throw new AppError('file_rejected', { reason: 'empty' });
    if (!isSafeFileName(fileName)) throw new AppError('file_rejected', { reason: 'unsafe_file_name' });
    const limit = uploadLimitBytes(ctx.config);
    if (contentLength !== undefined && Number(contentLength) > limit) throw new AppError('payload_too_large');
    const count = await ctx.db.selectFrom('task_attachments').select((eb) => eb.fn.countAll<number>().as('n')).where('report_id', '=', reportId).where('removed_at', 'is', null).executeTakeFirstOrThrow();
    if (Number(count.n) >= MAX_PER_REPORT) throw new AppError('file_rejected', { reason: 'too_many_files' });
  } catch (err) {
    drain();
    throw err;
  }
  const { report, task } = checked;
  const store = fileStoreFor(ctx.config);
  const stored = await store.put(body, { maxBytes: uploadLimitBytes(ctx.config), fileName });
  try {
    const id = await ctx.db.transaction().execute(async (trx) => {
      const { id } = await trx.insertInto('task_attachments').values({
        report_id: reportId, file_key: stored.key, file_name: fileName, size: stored.size, sha256: stored.sha256, content_type: stored.contentType, uploaded_by: ctx.actor.userId,
      }).returning('id').executeTakeFirstOrThrow();
      await writeAudit(trx, ctx, { ...auditReport(report, task), action: 'attach', after: { attachmentId: id, fileName, size: stored.size, contentType: stored.contentType, sha256: stored.sha256 } });
      return id;
    });
    return (await attachmentsOf(ctx.db, reportId)).find((a) => a.id === id)!;
  } catch (err) {
    await store.delete(stored.key);
    throw err;
  }
}

async function findVisible(ctx: RequestContext, id: string) {
  const a = await ctx.db.selectFrom('task_attachments').selectAll().where('id', '=', id).executeTakeFirst();
  if (!a) throw new AppError('not_found', { entity: 'attachment' });
  try {
    return { attachment: a, ...(await getVisibleReport(ctx, a.report_id)) };
  } catch {
    throw new AppError('not_found', { entity: 'attachment' });
  }
}

/** RFC 6266 / 5987: an ASCII fallback and the UTF-8 name. */
export function contentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\%;]/g, '_');
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}

export async function open(ctx: RequestContext, id: string) {
  const { attachment } = await findVisible(ctx, id);
  const f = await fileStoreFor(ctx.config).get(attachment.file_key);
  return { stream: f.stream, size: f.size, contentType: attachment.content_type, disposition: contentDisposition(attachment.file_name) };
}

export async function remove(ctx: RequestContext, id: string) {
  const { attachment, report, task } = await findVisible(ctx, id);
  if (attachment.removed_at) throw new AppError('not_found', { entity: 'attachment' });
  if (!canReportTask(ctx, task)) throw new AppError('forbidden');
  if (report.status !== 'draft' && report.status !== 'returned') throw new AppError('report_state', { status: report.status });
  // A file a submitted version names stays for that version's history; otherwise it is deleted.
  const referenced = await ctx.db.selectFrom('task_report_versions').select('id').where('report_id', '=', report.id)
    .where((eb) => eb(eb.fn('jsonb_exists', [eb.ref('attachment_ids'), eb.val(String(id))]), '=', true)).executeTakeFirst();
  await ctx.db.transaction().execute(async (trx) => {
    if (referenced) await trx.updateTable('task_attachments').set({ removed_at: new Date() }).where('id', '=', id).execute();
    else await trx.deleteFrom('task_attachments').where('id', '=', id).execute();
    await writeAudit(trx, ctx, { ...auditReport(report, task), action: 'detach', before: { attachmentId: id, fileName: attachment.file_name, size: Number(attachment.size), sha256: attachment.sha256 } });
  });
  if (!referenced) await fileStoreFor(ctx.config).delete(attachment.file_key);
}
