// Text that a spreadsheet would execute as a formula when it is typed or pasted: refused in names and
// free text on input, and written with a leading apostrophe by every export.

/** Cells that Excel or LibreOffice would execute as a formula when typed or pasted. */
export function looksLikeFormula(value: string): boolean {
  return /^[=+\-@\t\r]/.test(value) || /^[\s\u3000]*[=+\-@＝＋－＠]/.test(value);
}
