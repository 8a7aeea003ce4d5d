// Evidence attachments of progress reports: the raw upload is streamed into the FileStore (size
// limit while streaming, content type sniffed, executables refused, safe names only), then recorded
// with the report; downloads are scope-checked through the report's task, whatever the URL guessed
// (tasks.policy.ts decides, the routes declare it).
import type { Readable } from 'node:stream';
import { AppError } from '../../platform/errors.js';
import { writeAudit } from '../../platform/audit.js';
import { fileStoreFor, isSafeFileName, uploadLimitBytes } from '../../platform/files.js';
import type { RequestContext } from '../../platform/http.js';
import * as reports from './reports.repository.js';
import { attachmentsOf } from './reports.service.js';
import { auditReport, type AttachmentAndReport, type ReportAndTask } from './tasks.policy.js';

const MAX_PER_REPORT = 30;

/** A file for a report the caller reports on (the route's policy loaded it). */
export async function upload(
  ctx: RequestContext,
  checked: ReportAndTask,
  fileName: string,
  body: Readable,
  contentLength: string | undefined,
) {
  const drain = () => {
    if (body && typeof body.resume === 'function') body.resume();
  };
  const reportId = checked.report.id;
  try {
    if (checked.report.status !== 'draft' && checked.report.status !== 'returned')
      throw new AppError('report_state', { status: checked.report.status });
    // No body at all (no content type): nothing to store.
    if (!body || typeof (body as Readable).pipe !== 'function') throw new AppError('file_rejected', { reason: 'empty' });
    if (!isSafeFileName(fileName)) throw new AppError('file_rejected', { reason: 'unsafe_file_name' });
    const limit = uploadLimitBytes(ctx.config);
    if (contentLength !== undefined && Number(contentLength) > limit) throw new AppError('payload_too_large');
    if ((await reports.countAttachments(ctx.db, reportId)) >= MAX_PER_REPORT)
      throw new AppError('file_rejected', { reason: 'too_many_files' });
  } catch (err) {
    drain();
    throw err;
  }
  const { report, task } = checked;
  const store = fileStoreFor(ctx.config);
  const stored = await store.put(body, { maxBytes: uploadLimitBytes(ctx.config), fileName });
  try {
    const id = await ctx.db.transaction().execute(async (trx) => {
      const id = await reports.insertAttachment(trx, {
        report_id: reportId,
        file_key: stored.key,
        file_name: fileName,
        size: stored.size,
        sha256: stored.sha256,
        content_type: stored.contentType,
        uploaded_by: ctx.actor.userId,
      });
      await writeAudit(trx, ctx, {
        ...auditReport(report, task),
        action: 'attach',
        after: { attachmentId: id, fileName, size: stored.size, contentType: stored.contentType, sha256: stored.sha256 },
      });
      return id;
    });
    return (await attachmentsOf(ctx.db, reportId)).find((a) => a.id === id)!;
  } catch (err) {
    await store.delete(stored.key);
    throw err;
  }
}

/** RFC 6266 / 5987: an ASCII fallback and the UTF-8 name. */
export function contentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\%;]/g, '_');
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}

export async function open(ctx: RequestContext, { attachment }: AttachmentAndReport) {
  const f = await fileStoreFor(ctx.config).get(attachment.file_key);
  return { stream: f.stream, size: f.size, contentType: attachment.content_type, disposition: contentDisposition(attachment.file_name) };
}

/** Removes a file of a report the caller reports on (the route's policy loaded both). */
export async function remove(ctx: RequestContext, { attachment, report, task }: AttachmentAndReport) {
  const id = attachment.id;
  if (attachment.removed_at) throw new AppError('not_found', { entity: 'attachment' });
  if (report.status !== 'draft' && report.status !== 'returned') throw new AppError('report_state', { status: report.status });
  // A file a submitted version names stays for that version's history; otherwise it is deleted.
  const referenced = await reports.isAttachmentInAVersion(ctx.db, report.id, id);
  await ctx.db.transaction().execute(async (trx) => {
    if (referenced) await reports.markAttachmentRemoved(trx, id);
    else await reports.deleteAttachment(trx, id);
    await writeAudit(trx, ctx, {
      ...auditReport(report, task),
      action: 'detach',
      before: { attachmentId: id, fileName: attachment.file_name, size: Number(attachment.size), sha256: attachment.sha256 },
    });
  });
  if (!referenced) await fileStoreFor(ctx.config).delete(attachment.file_key);
}
