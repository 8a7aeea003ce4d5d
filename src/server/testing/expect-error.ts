// The one assertion of an error answer: status, code, the translated message, and the fields it
// names with their translated messages (every module's tests use it).
import { expect } from 'vitest';
import type { Res } from './harness.js';

export interface ExpectedField {
  path: string;
  code?: string;
  /** The field's translated message, exactly (a string) or matching (a RegExp). */
  message?: string | RegExp;
}

export interface ExpectedError {
  status: number;
  code: string;
  /** The whole error's translated message. */
  message?: string | RegExp;
  /** The one field the error names. */
  field?: ExpectedField;
  /** Every field the error names, in order. */
  fields?: ExpectedField[];
}

const text = (want: string | RegExp | undefined) =>
  want === undefined ? expect.any(String) : typeof want === 'string' ? want : expect.stringMatching(want);

export function expectError(res: Res, want: ExpectedError): void {
  expect(res.status, JSON.stringify(res.body)).toBe(want.status);
  expect(res.body).toMatchObject({ status: want.status, code: want.code, message: text(want.message), requestId: expect.any(String) });
  const fields = want.fields ?? (want.field ? [want.field] : undefined);
  if (fields) {
    expect(res.body.fields).toEqual(
      fields.map((f) => expect.objectContaining({ path: f.path, ...(f.code && { code: f.code }), message: text(f.message) })),
    );
  }
  // Whatever was asked: every field's message is a translated sentence, never a bare path or a placeholder.
  for (const f of (res.body.fields ?? []) as { path: string; message: string }[]) {
    expect(f.message, f.path).not.toContain(f.path.replace(/\.\d+/g, ''));
    expect(f.message, f.path).not.toMatch(/\{\w+\}/);
  }
}

/** The common refusal of a request: 400 validation_failed naming one field (its translated message when given). */
export function expectInvalidField(res: Res, path: string, code: string, message?: string | RegExp): void {
  expectError(res, { status: 400, code: 'validation_failed', field: { path, code, ...(message !== undefined && { message }) } });
}
