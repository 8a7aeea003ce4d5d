// Mainland China mobile numbers: 11 digits starting 13–19, optionally written with +86 / 0086 and separators.

export function normalisePhone(raw: string): string {
  let s = raw.normalize('NFKC').replace(/[\s\-()（）'"‘’`]/g, '');
  if (s.startsWith('+86')) s = s.slice(3);
  else if (s.startsWith('0086')) s = s.slice(4);
  else if (s.startsWith('86') && s.length === 13) s = s.slice(2);
  return s;
}

export function isValidMobile(phone: string): boolean {
  return /^1[3-9]\d{9}$/.test(phone);
}

/** 138****5678 */
export function maskPhone(phone: string): string {
  if (phone.length < 7) return '*'.repeat(phone.length);
  return `${phone.slice(0, 3)}${'*'.repeat(phone.length - 7)}${phone.slice(-4)}`;
}

/** Masks anything in free text that looks like an ID number or a mobile number (echoed cell values). */
export function scrubPii(text: string): string {
  return text.replace(/\d{10,}[\dXx]?/g, (m) => (m.length <= 8 ? m : `${m.slice(0, 3)}${'*'.repeat(m.length - 7)}${m.slice(-4)}`));
}
