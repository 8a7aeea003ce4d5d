// Request and response shapes of the files on field-work records.
import { z } from 'zod';
import { isSafeFileName } from '../../platform/files.js';

const reason = (r: string) => ({ params: { reason: r } });

/** An attached file as the views list it; `url` downloads it (scope-checked through its record). */
export const fileView = z.object({
  id: z.string(),
  fileName: z.string(),
  size: z.number(),
  contentType: z.string(),
  createdAt: z.string(),
  url: z.string(),
});
export type FileView = z.infer<typeof fileView>;

const fileName = z.string().min(1).max(200).refine(isSafeFileName, reason('unsafe_file_name'));

export const uploadQuery = z.strictObject({ fileName });
export const meetingUploadQuery = z.strictObject({
  fileName,
  /** The agenda item (its key) the document is for; none: a document of the meeting itself. */
  agendaItem: z
    .string()
    .regex(/^[A-Za-z0-9-]{1,40}$/)
    .optional(),
});
