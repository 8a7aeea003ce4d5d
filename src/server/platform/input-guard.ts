// Text the database cannot store never reaches it: a NUL character (PostgreSQL text refuses it) or
// bytes that are not UTF-8, in a JSON body, a query string or a path parameter, answer 400 naming
// the field, instead of failing deep inside a statement as a 500.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, type FieldError } from './errors.js';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

export function installInputGuard(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, body, done) => {
    let text: string;
    try {
      text = strictUtf8.decode(body as Buffer);
    } catch {
      done(new AppError('validation_failed', {}, [{ path: 'body', code: 'invalid_utf8' }]), undefined);
      return;
    }
    parseJson(req, text, done);
  });

  app.addHook('onRequest', async (req) => {
    // Only a percent escape decodes to something else (bad UTF-8, a NUL); a URL with neither `%`
    // nor a raw NUL passes unchanged, so the common request skips the split and decode below.
    if (!req.url.includes('%') && !req.url.includes('\0')) return;
    const q = req.url.indexOf('?');
    if (q >= 0) checkRawQuery(req.url.slice(q + 1));
    checkRawPath(q >= 0 ? req.url.slice(0, q) : req.url);
  });

  app.addHook('preValidation', async (req: FastifyRequest) => {
    if (req.body === undefined || req.body === null) return; // a GET: nothing to scan
    const fields: FieldError[] = [];
    findNul(req.body, 'body', fields);
    if (fields.length) throw new AppError('validation_failed', {}, fields.slice(0, 20));
  });
}

/** Each `key=value` of the raw query must decode to UTF-8 text without NUL. */
function checkRawQuery(raw: string): void {
  const fields: FieldError[] = [];
  for (const part of raw.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const key = decodeOrNull(eq >= 0 ? part.slice(0, eq) : part);
    const value = eq >= 0 ? decodeOrNull(part.slice(eq + 1)) : '';
    const path = `query.${key === null ? '?' : safeName(key)}`;
    if (key === null || value === null) fields.push({ path, code: 'invalid_utf8' });
    else if (key.includes('\0') || value.includes('\0')) fields.push({ path, code: 'nul_character' });
  }
  if (fields.length) throw new AppError('validation_failed', {}, fields);
}

function checkRawPath(raw: string): void {
  const text = decodeOrNull(raw);
  if (text === null) throw new AppError('validation_failed', {}, [{ path: 'params', code: 'invalid_utf8' }]);
  if (text.includes('\0')) throw new AppError('validation_failed', {}, [{ path: 'params', code: 'nul_character' }]);
}

function decodeOrNull(raw: string): string | null {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return null;
  }
}

/** A field name fit to print: no control characters, at most 64 characters. */
function safeName(key: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  return key.replace(/[\u0000-\u001f\u007f]/g, '').slice(0, 64) || '?';
}

/** What JSON.parse makes: not a stream or buffer of a raw upload (which may refer to itself). */
function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function findNul(value: unknown, path: string, out: FieldError[]): void {
  if (out.length >= 20) return;
  if (typeof value === 'string') {
    if (value.includes('\0')) out.push({ path, code: 'nul_character' });
  } else if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) findNul(v, `${path}.${i}`, out);
  } else if (value && typeof value === 'object' && isPlainObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (k.includes('\0')) out.push({ path: `${path}.${safeName(k)}`, code: 'nul_character' });
      else findNul(v, `${path}.${k}`, out);
    }
  }
}
