// Fixtures of the worker registry: valid ID numbers, rosters built as people keep them, uploads,
// people spread over the sibling subtrees of the test world, and the PII guard that fails a test
// whenever a user without people.pii receives something that looks like an ID number or a mobile.
import { Readable } from 'node:stream';
import { inflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { readCentralDirectory } from '../platform/zip-guard.js';
import { insertImport } from '../modules/people/imports.repository.js';
import { idCheckCharacter, parseIdNumber } from '../modules/people/id-number.js';
import type { Client, Res, TestServer } from './harness.js';
import { createUser, loginFresh, type World } from './world.js';

/** A valid 18-character ID number (GB 11643 check character). */
export function makeIdNumber(region = '370102', birth = '19900101', seq = 123): string {
  const body = `${region}${birth}${String(seq).padStart(3, '0')}`;
  return body + idCheckCharacter(body);
}

/** The n-th of many distinct valid ID numbers (births spread over 1960–1999). */
export function nthIdNumber(n: number, region = '371602'): string {
  const day = (n % 28) + 1;
  const month = (Math.floor(n / 28) % 12) + 1;
  const year = 1960 + (Math.floor(n / 336) % 40);
  const seq = Math.floor(n / 13440) % 1000;
  return makeIdNumber(region, `${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}`, seq);
}

export const nthPhone = (n: number) => `139${String(n).padStart(8, '0')}`;

/**
 * Anything shaped like an ID number (18 characters that pass GB 11643: organisations' all-digit
 * credit codes do not) or a mainland mobile number, unmasked.
 */
const ID_PATTERN = /(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])/g;
const MOBILE_PATTERN = /(?<!\d)1[3-9]\d{9}(?!\d)/;
/** UUIDs (request ids, tokens) are not personal data: a group like 13912345678a would read as a mobile. */
const UUID_PATTERN = /[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}/gi;

export function findPii(raw: string): string | undefined {
  const text = raw.replace(UUID_PATTERN, 'uuid');
  for (const m of text.matchAll(ID_PATTERN)) if (parseIdNumber(m[0].toUpperCase()).ok) return m[0];
  return MOBILE_PATTERN.exec(text)?.[0];
}

/**
 * Makes every response this client receives pass through the PII scan: a JSON (or text) body
 * containing an unmasked ID number or mobile fails at once, naming the request.
 */
export function guardPii<T extends Client>(client: T, label: string): T & { scanned: number } {
  const original = client.request.bind(client);
  const guarded = client as T & { scanned: number };
  guarded.scanned = 0;
  client.request = async <R = any>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Res<R>> => {
    const res = await original<R>(method, path, body, headers);
    guarded.scanned++;
    const text = typeof res.body === 'string' ? res.body : JSON.stringify(res.body);
    const hit = text ? findPii(text) : undefined;
    if (hit) throw new Error(`PII leak to ${label}: ${method} ${path} answered ${hit.slice(0, 3)}…${hit.slice(-4)} unmasked`);
    return res;
  };
  return guarded;
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Uploads a file as the raw request body, with the client's session and CSRF token. */
export function upload(client: Client, orgId: string, fileName: string, data: Buffer | string, type = XLSX_TYPE): Promise<Res> {
  return uploadTo(client, `/api/people/imports?orgId=${orgId}&fileName=${encodeURIComponent(fileName)}`, data, type);
}

/** Uploads a sheet as the raw request body to an import route (the roster's, or another module's with its query). */
export async function uploadTo(client: Client, url: string, data: Buffer | string, type = XLSX_TYPE): Promise<Res> {
  const headers: Record<string, string> = { 'content-type': type, 'accept-language': client.locale };
  if (client.cookie) headers.cookie = client.cookie;
  if (client.csrfToken) headers['x-csrf-token'] = client.csrfToken;
  const res = await fetch(`${client.baseUrl}${url}`, {
    method: 'POST',
    headers,
    body: typeof data === 'string' ? data : new Uint8Array(data),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  if (typeof (client as { scanned?: number }).scanned === 'number') {
    const hit = findPii(text);
    if (hit) throw new Error(`PII leak on upload: ${hit}`);
  }
  return { status: res.status, body, headers: res.headers };
}

/**
 * Downloads a binary answer (xlsx) with the client's session; with a body, by POST (JSON, CSRF
 * token). A PII-guarded client's downloads pass the PII scan too: every worksheet's XML (each cell's
 * text) of an .xlsx, or the text of any other answer.
 */
export async function download(client: Client, path: string, body?: unknown): Promise<{ status: number; data: Buffer; headers: Headers }> {
  const headers: Record<string, string> = { 'accept-language': client.locale };
  if (client.cookie) headers.cookie = client.cookie;
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
    if (client.csrfToken) headers['x-csrf-token'] = client.csrfToken;
  }
  const res = await fetch(client.baseUrl + path, {
    method: body === undefined ? 'GET' : 'POST',
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = Buffer.from(await res.arrayBuffer());
  // A guarded client's downloads (exports, error reports) pass the scan too, spreadsheets in every written form.
  const guarded = client as Client & { scanned?: number };
  if (typeof guarded.scanned === 'number') {
    const isXlsx = res.status === 200 && (res.headers.get('content-type') ?? '').includes('spreadsheetml');
    const hit = isXlsx ? findPiiInSheet(await worksheetXml(data)) : findPii(data.toString('utf8'));
    if (hit) throw new Error(`PII leak in a download: ${path} answered ${hit.slice(0, 3)}…${hit.slice(-4)} unmasked`);
    guarded.scanned++;
  }
  return { status: res.status, data, headers: res.headers };
}

/**
 * findPii over a sheet's text as people write numbers: full-width digits, +86 / 0086 prefixes, spaces
 * and dashes between digits.
 */
export function findPiiInSheet(text: string): string | undefined {
  const flat = text
    .normalize('NFKC')
    .replace(/\+86|(?<!\d)0086/g, ' ')
    .replace(/(?<=\d)[\s-]+(?=\d)/g, '');
  return findPii(flat);
}

/** Every cell of the first sheet of an .xlsx, as strings. */
export async function readXlsx(data: Buffer): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  const rows: string[][] = [];
  ws.eachRow({ includeEmpty: false }, (row) => {
    const values = Array.from((row.values as unknown[]).slice(1));
    rows.push(
      values.map((v) =>
        v === null || v === undefined ? '' : typeof v === 'object' && !(v instanceof Date) ? JSON.stringify(v) : String(v),
      ),
    );
  });
  return rows;
}

/** The XML of every worksheet of an .xlsx (to check no cell is a formula: no <f> element). */
export async function worksheetXml(data: Buffer): Promise<string> {
  const src = {
    size: data.length,
    read: async (s: number, l: number) => data.subarray(s, s + l),
    stream: (s: number, e: number) => Readable.from([data.subarray(s, e + 1)]),
  };
  const entries = await readCentralDirectory(src);
  let xml = '';
  for (const e of entries.filter((x) => x.name.startsWith('xl/worksheets/'))) {
    const start = e.localHeaderOffset + 30 + data.readUInt16LE(e.localHeaderOffset + 26) + data.readUInt16LE(e.localHeaderOffset + 28);
    const raw = data.subarray(start, start + e.compressedSize);
    xml += (e.method === 8 ? inflateRawSync(raw) : raw).toString('utf8');
  }
  return xml;
}

export interface RosterOptions {
  /** Title rows above the header, merged across the columns, as in real rosters. */
  titleRows?: string[];
  /** Cells written as numbers where given as numbers; Dates as date cells. */
  rows: unknown[][];
  header: string[];
}

export async function buildXlsx(o: RosterOptions): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('花名册');
  let r = 1;
  for (const t of o.titleRows ?? []) {
    ws.getCell(r, 1).value = t;
    ws.mergeCells(r, 1, r, o.header.length);
    r++;
  }
  ws.getRow(r).values = o.header;
  for (const row of o.rows) {
    r++;
    row.forEach((v, i) => {
      ws.getCell(r, i + 1).value = v as ExcelJS.CellValue;
      if (v instanceof Date) ws.getCell(r, i + 1).numFmt = 'yyyy-mm-dd';
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export function buildCsv(header: string[], rows: unknown[][]): string {
  const q = (v: unknown) => {
    const s = v === null || v === undefined ? '' : String(v);
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return `${[header, ...rows].map((r) => r.map(q).join(',')).join('\r\n')}\r\n`;
}

export async function waitForImport(
  client: Client,
  id: string,
  until: (imp: any) => boolean,
  timeoutMs = 30_000,
  base = '/api/people/imports',
): Promise<any> {
  const start = Date.now();
  for (;;) {
    const res = await client.get(`${base}/${id}`);
    if (res.status !== 200) throw new Error(`import ${id}: ${res.status} ${JSON.stringify(res.body)}`);
    if (until(res.body)) return res.body;
    if (res.body.status === 'failed') throw new Error(`import failed: ${res.body.failure}`);
    if (Date.now() - start > timeoutMs) throw new Error(`import ${id} timed out: ${JSON.stringify(res.body)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Upload → validate (guessed mapping) → wait; returns the validated import. */
export async function uploadAndValidate(
  client: Client,
  orgId: string,
  fileName: string,
  data: Buffer | string,
  type = XLSX_TYPE,
  body: Record<string, unknown> = {},
) {
  const up = await upload(client, orgId, fileName, data, type);
  if (up.status !== 201) throw new Error(`upload: ${up.status} ${JSON.stringify(up.body)}`);
  const v = await client.post(`/api/people/imports/${up.body.id}/validate`, body);
  if (v.status !== 202) throw new Error(`validate: ${v.status} ${JSON.stringify(v.body)}`);
  return waitForImport(client, up.body.id, (i) => i.status === 'validated');
}

export interface PeopleWorld {
  /** enterprise_staff of enterprise A and B, PII-guarded */
  entA: Client & { scanned: number };
  entB: Client & { scanned: number };
  personA: string;
  personB: string;
  /** A pending transfer of personB (enterprise B) requested by enterprise A. */
  transferB: string;
  /** An import into enterprise B. */
  importB: string;
  /** A craftsman title of city B, and an honour of personB. */
  titleB: string;
  honourB: string;
  idA: string;
  idB: string;
}

/** People on both sides of the sibling subtrees, created through the API as admin. */
export async function createPeopleWorld(server: TestServer, w: World, tag = ''): Promise<PeopleWorld> {
  await createUser(w.admin, `ent_a${tag}`, w.enterpriseA, ['enterprise_staff']);
  await createUser(w.admin, `ent_b${tag}`, w.enterpriseB, ['enterprise_staff']);
  const entA = guardPii(await loginFresh(server, `ent_a${tag}`), 'enterprise staff A');
  const entB = guardPii(await loginFresh(server, `ent_b${tag}`), 'enterprise staff B');
  const idA = nthIdNumber(900_001 + Number(tag || 0) * 10);
  const idB = nthIdNumber(900_002 + Number(tag || 0) * 10);
  const a = await w.admin.post('/api/people', { orgId: w.enterpriseA, name: '李甲', idNumber: idA, phone: nthPhone(1) });
  const b = await w.admin.post('/api/people', { orgId: w.enterpriseB, name: '王乙', idNumber: idB, phone: nthPhone(2) });
  if (a.status !== 201 || b.status !== 201) throw new Error(`people: ${a.status} ${b.status} ${JSON.stringify(b.body)}`);
  const t = await w.admin.post('/api/people', { orgId: w.enterpriseA, name: '王乙', idNumber: idB });
  if (t.status !== 202) throw new Error(`transfer: ${t.status} ${JSON.stringify(t.body)}`);
  // An import record of enterprise B, seeded directly (no file needed for refused attempts).
  const importB = (await insertImport(server.db, {
    org_id: w.enterpriseB,
    created_by: null as unknown as string,
    file_name: 'b.csv',
    file_sha256: `seed${tag}`,
    file_size: '0',
    file_format: 'csv',
    file_nonce: 'seed',
    header_row: 1,
    headers: '[]',
    mapping: '{"name":0,"idNumber":1}',
    batch_size: 2000,
  }))!;
  const title = await w.admin.post('/api/people/craftsman-titles', { orgId: w.cityB, name: `济南工匠${tag}` });
  if (title.status !== 201) throw new Error(`title: ${title.status} ${JSON.stringify(title.body)}`);
  const honour = await w.admin.post(`/api/people/${b.body.person.id}/honours`, { kind: 'model_worker', grade: 'city', year: 2021 });
  if (honour.status !== 201) throw new Error(`honour: ${honour.status} ${JSON.stringify(honour.body)}`);
  return {
    entA,
    entB,
    personA: a.body.person.id,
    personB: b.body.person.id,
    transferB: t.body.transfer.id,
    importB,
    idA,
    idB,
    titleB: title.body.id,
    honourB: honour.body.honours[0].id,
  };
}
