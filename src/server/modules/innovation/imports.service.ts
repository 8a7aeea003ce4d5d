// Studio lists and mentor–apprentice pair lists brought in with the roster import's machinery
// (people/imports.service.ts: the upload sealed on disk and zip-guarded, the header scan, the import
// slot per user, per-cell errors, the commit in batches with its progress marker, resumption,
// retention). This module says what a row of each list is: its columns, how each cell is checked
// against the registry, the tree and the rules of studios and pairs, and what a committed row inserts.
// A row whose studio (enterprise + name) or pair (master + apprentice + start) is already registered
// is staged as "already registered" and adds nothing: importing the same file twice adds nothing.
import type { Readable } from 'node:stream';
import type { z } from 'zod';
import { isInScope } from '../../platform/access.js';
import { writeAudit } from '../../platform/audit.js';
import { AppError } from '../../platform/errors.js';
import type { RequestContext } from '../../platform/http.js';
import { fieldMessage, type Locale } from '../../platform/i18n.js';
import { readRows, type Cell } from '../../platform/sheet-reader.js';
import { parseDateValue } from '../people/excel-dates.js';
import { normaliseIdNumber, parseIdNumber } from '../people/id-number.js';
import type { Mapping } from '../people/imports.mapping.js';
import * as peopleImports from '../people/imports.service.js';
import { isEmptyRow, orgFinder } from '../people/imports.stream.js';
import { summaryLine } from '../people/imports.validate.js';
import * as importsRepo from '../people/imports.repository.js';
import type { SheetKind } from '../people/people.tables.js';
import { codeOfRank, parseSkillLevel } from '../people/skill-levels.js';
import { scrubPii } from '../people/phone.js';
import { honoursWithRank } from './eligibility.js';
import * as repo from './imports.repository.js';
import * as irepo from './innovation.repository.js';
import {
  PAIR_REQUIRED,
  PAIR_VOCABULARY,
  parseNamingLevel,
  STUDIO_REQUIRED,
  STUDIO_VOCABULARY,
  type PairField,
  type StudioField,
} from './imports.mapping.js';
import type { listImportView } from './imports.schemas.js';
import { money, yuanToFen } from './money.js';
import { DEFAULT_MAX_APPRENTICES } from './pairs.service.js';
import { DEFAULT_CATEGORIES } from './studios.service.js';

const INNOVATION_KINDS: readonly SheetKind[] = ['studios', 'pairs'];
/** A studio or pair list is a ledger, not a roster: far fewer rows. */
const MAX_LIST_ROWS = 200_000;
/** Rows checked together (one registry look-up per chunk). */
const CHUNK = 500;
/** A master below this rank (技师) needs an honour to teach (as pairs.service.ts). */
const MASTER_RANK = 5;

type ErrRow = Parameters<typeof importsRepo.insertErrors>[2][number];

interface RowError {
  col: number | null;
  field: string;
  code: string;
  value: string | null;
}

const cellText = (c: Cell | undefined): string => {
  if (c === null || c === undefined) return '';
  if (c instanceof Date) return c.toISOString().slice(0, 10);
  if (typeof c === 'object') return '';
  return String(c).normalize('NFKC').trim();
};
const orgKey = (t: string) => t.normalize('NFKC').replace(/\s/g, '');
const today = () => new Date().toISOString().slice(0, 10);
const addYears = (date: string, n: number) => `${Number(date.slice(0, 4)) + n}${date.slice(4)}`;

/** One row being checked: its cells by field, and its errors so far. */
class RowCheck<F extends string> {
  readonly errors: RowError[] = [];
  constructor(
    readonly row: number,
    private readonly cells: Cell[],
    private readonly mapping: Partial<Record<F, number>>,
  ) {}
  cell(f: F): Cell | undefined {
    const c = this.mapping[f];
    return c === undefined ? undefined : this.cells[c];
  }
  text(f: F): string {
    return cellText(this.cell(f));
  }
  err(f: F, code: string) {
    if (this.errors.some((e) => e.field === f)) return; // one error per cell, the first found
    const raw = this.text(f);
    this.errors.push({ col: this.mapping[f] ?? null, field: f, code, value: raw ? scrubPii(raw).slice(0, 200) : null });
  }
  has(f: F) {
    return this.errors.some((e) => e.field === f);
  }
  /** Text of at most `max` characters; required or not. */
  str(f: F, max: number, required: boolean): string | null {
    const t = this.text(f);
    if (!t) {
      if (required) this.err(f, 'required');
      return null;
    }
    if (t.length > max) {
      this.err(f, 'text_too_long');
      return null;
    }
    return t;
  }
  date(f: F, required: boolean): string | null {
    const d = parseDateValue(this.cell(f) ?? null);
    if (!d.ok) {
      this.err(f, 'invalid_date');
      return null;
    }
    if (!d.value && required) this.err(f, 'required');
    return d.value;
  }
  /** Yuan as typed (a number cell or text) to exact fen; a fraction of a fen is refused. */
  fen(f: F): string | null {
    const c = this.cell(f);
    const t = typeof c === 'number' ? String(c) : this.text(f).replace(/[,，¥￥元\s]/g, '');
    if (!t) return null;
    if (!/^\d{1,12}(\.\d+)?$/.test(t)) {
      this.err(f, 'invalid_amount');
      return null;
    }
    try {
      return yuanToFen(t, f, { allowZero: true });
    } catch (e) {
      this.err(f, e instanceof AppError ? (e.fields?.[0]?.code ?? 'invalid_amount') : 'invalid_amount');
      return null;
    }
  }
  idHash(f: F, secrets: RequestContext['secrets']): string | null {
    const t = this.text(f);
    if (!t) return null;
    const parsed = parseIdNumber(normaliseIdNumber(t.replace(/[\s\-'‘’]/g, '')));
    if (!parsed.ok) {
      this.err(f, 'invalid_id_number');
      return null;
    }
    return secrets.keyedHash(parsed.value.idNumber);
  }
}

/** What one list's rows need from the registry and the tree, loaded once per import. */
interface Context {
  ctx: RequestContext;
  imp: importsRepo.ImportRecord;
  mapping: Record<string, number>;
  findOrg: (k: string) => string | undefined;
  orgs: Map<string, { id: string; name: string; kind: string; level: string; path: string; depth: number }>;
  seen: Set<string>;
  /** Running pairs counted so far in this file, per master and per apprentice. */
  asMaster: Map<string, number>;
  asApprentice: Map<string, number>;
  categories: Map<string, string[]>;
  maxApprentices: Map<string, number>;
}

/** The enterprise a row names (by name, union name or credit code), or its error. */
function enterpriseOf<F extends string>(c: Context, r: RowCheck<F>, f: F, unreachable: Set<string>) {
  const t = r.text(f);
  if (!t) {
    r.err(f, 'required');
    return undefined;
  }
  // a name two workplaces share finds none (people/imports.stream.ts orgFinder): the credit code tells them apart
  const id = c.findOrg(orgKey(t));
  if (id === undefined) {
    r.err(f, unreachable.has(t) ? 'org_unreachable' : 'unknown_org');
    return undefined;
  }
  const org = c.orgs.get(id);
  if (org?.kind !== 'enterprise') {
    r.err(f, 'not_enterprise');
    return undefined;
  }
  return org;
}

/** Loads the organisations a chunk names (and, for namings, the ancestors on their paths). */
async function loadOrgs(c: Context, ids: Iterable<string>) {
  const missing = [...new Set(ids)].filter((id) => !c.orgs.has(id));
  for (const o of await repo.orgsByIds(c.ctx.db, missing)) c.orgs.set(o.id, o);
}

/** Names of a chunk's enterprise cells that are not in the importer's subtree but exist elsewhere. */
async function unreachableNames(c: Context, checks: RowCheck<string>[], field: string) {
  const unknown = checks.map((r) => r.text(field)).filter((t) => t && c.findOrg(orgKey(t)) === undefined);
  return repo.orgKeysAnywhere(c.ctx.db, [...new Set(unknown)]);
}

/** A person a row names: by ID number (anywhere the importer reaches) or by name within the enterprise. */
function personOf<F extends string>(
  c: Context,
  r: RowCheck<F>,
  idField: F,
  nameField: F,
  enterpriseId: string | undefined,
  byHash: Map<string, repo.PersonHit>,
  byName: Map<string, repo.PersonHit[]>,
): repo.PersonHit | undefined {
  const hash = r.idHash(idField, c.ctx.secrets);
  const name = r.text(nameField);
  if (r.has(idField)) return undefined;
  if (hash) {
    const p = byHash.get(hash);
    if (!p || !isInScope(c.ctx.actor, p.org_path)) {
      r.err(idField, 'not_in_registry');
      return undefined;
    }
    if (name && orgKey(name) !== orgKey(p.name)) {
      r.err(nameField, 'name_mismatch');
      return undefined;
    }
    return p;
  }
  if (!name) {
    r.err(nameField, 'required');
    return undefined;
  }
  if (!enterpriseId) return undefined; // the enterprise's own error says why
  const hits = (byName.get(`${enterpriseId}|${name}`) ?? []).filter((p) => isInScope(c.ctx.actor, p.org_path));
  if (hits.length === 0) r.err(nameField, 'not_in_registry');
  else if (hits.length > 1) r.err(nameField, 'ambiguous_person');
  return hits.length === 1 ? hits[0] : undefined;
}

/** Registry look-ups of a chunk: people by ID hash, and by name within the named enterprises. */
async function lookUpPeople(c: Context, checks: RowCheck<string>[], idFields: string[], nameFields: string[], enterpriseField: string) {
  const hashes = new Set<string>();
  const names = new Set<string>();
  const orgIds = new Set<string>();
  for (const r of checks) {
    for (const f of idFields) {
      const t = r.text(f);
      if (!t) continue;
      const p = parseIdNumber(normaliseIdNumber(t.replace(/[\s\-'‘’]/g, '')));
      if (p.ok) hashes.add(c.ctx.secrets.keyedHash(p.value.idNumber));
    }
    for (const f of nameFields) if (r.text(f)) names.add(r.text(f));
    const e = r.text(enterpriseField);
    const id = e ? c.findOrg(orgKey(e)) : undefined;
    if (id) orgIds.add(id);
  }
  const byHash = new Map((await repo.peopleByHashes(c.ctx.db, [...hashes])).map((p) => [p.id_hash, p]));
  const byName = new Map<string, repo.PersonHit[]>();
  for (const p of await repo.peopleByNames(c.ctx.db, [...orgIds], [...names])) {
    const k = `${p.org_id}|${p.name}`;
    byName.set(k, [...(byName.get(k) ?? []), p]);
  }
  return { byHash, byName, orgIds };
}

/** A studio row as staged (sheet_import_rows.data). */
interface StudioData {
  action: 'create' | 'exists';
  orgId: string;
  orgName: string;
  orgPath: string;
  name: string;
  category: string;
  leaderId: string;
  leaderName: string;
  foundedOn: string;
  venueAddress: string | null;
  venueArea: string | null;
  industryChain: string | null;
  naming: {
    orgId: string;
    orgName: string;
    level: string;
    docNo: string;
    namedOn: string;
    plaqueNo: string | null;
    grantFen: string;
  } | null;
}

/** A pair row as staged. */
interface PairData {
  action: 'create' | 'exists';
  orgId: string;
  orgName: string;
  orgPath: string;
  agreementNo: string;
  masterId: string;
  masterName: string;
  apprenticeId: string;
  apprenticeName: string;
  trade: string;
  targetLevel: number;
  startOn: string;
  endOn: string;
  allowanceFen: string;
  status: 'in_progress' | 'exam_due';
}

interface Staged {
  row_no: number;
  source_row: number;
  row_key: string;
  data: Record<string, unknown>;
}

// ---- studios
async function checkStudios(c: Context, rows: { row: number; cells: Cell[] }[]) {
  const checks = rows.map((x) => new RowCheck<StudioField>(x.row, x.cells, c.mapping as Partial<Record<StudioField, number>>));
  const unreachable = await unreachableNames(c, checks as RowCheck<string>[], 'enterprise');
  const people = await lookUpPeople(c, checks as RowCheck<string>[], ['leaderIdNumber'], ['leaderName'], 'enterprise');
  await loadOrgs(c, people.orgIds);
  // the ancestors of the named enterprises: where a naming level finds its naming organisation
  await loadOrgs(
    c,
    [...people.orgIds].flatMap((id) => (c.orgs.get(id)?.path ?? '').split('.').filter(Boolean)),
  );
  const out: { check: RowCheck<StudioField>; data?: Record<string, unknown>; key?: string }[] = [];
  for (const r of checks) {
    const name = r.str('name', 100, true);
    const org = enterpriseOf(c, r, 'enterprise', unreachable);
    const category = r.str('category', 50, true);
    let resolvedCategory: string | null = null;
    if (category && org) {
      let list = c.categories.get(org.id);
      if (!list) {
        list = [...DEFAULT_CATEGORIES, ...(await irepo.categoriesAlongPath(c.ctx.db, org.path)).map((x) => x.name)];
        c.categories.set(org.id, list);
      }
      // "劳模创新" for "劳模创新工作室": ledgers often leave the last word out
      resolvedCategory = list.find((x) => x === category || x === `${category}工作室`) ?? null;
      if (!resolvedCategory) r.err('category', 'unknown_category');
    }
    const leader = personOf(c, r, 'leaderIdNumber', 'leaderName', org?.id, people.byHash, people.byName);
    const foundedOn = r.date('foundedOn', true);
    if (foundedOn && foundedOn > today()) r.err('foundedOn', 'future_date');
    const venueAddress = r.str('venueAddress', 200, false);
    const industryChain = r.str('industryChain', 100, false);
    let venueArea: string | null = null;
    const areaText = r.text('venueArea').replace(/(平方米|㎡|m2|m²)$/i, '');
    if (areaText) {
      if (!/^\d{1,9}(\.\d{1,2})?$/.test(areaText)) r.err('venueArea', 'invalid_area');
      else venueArea = areaText;
    }
    let naming: Record<string, unknown> | null = null;
    const levelText = r.text('namingLevel');
    if (levelText) {
      const level = parseNamingLevel(levelText);
      const docNo = r.str('namingDocNo', 100, true);
      const namedOn = r.date('namedOn', true);
      const plaqueNo = r.str('plaqueNo', 100, false);
      const grantFen = r.fen('grant') ?? '0';
      if (!level) r.err('namingLevel', 'unknown_level');
      if (namedOn && namedOn > today()) r.err('namedOn', 'future_date');
      else if (namedOn && foundedOn && namedOn < foundedOn) r.err('namedOn', 'before_founded');
      if (level && org) {
        // the naming organisation: the nearest organisation of that level on the enterprise's path
        const along = org.path
          .split('.')
          .filter(Boolean)
          .map((id) => c.orgs.get(id))
          .filter((o): o is NonNullable<typeof o> => !!o && o.level === level)
          .sort((a, b) => b.depth - a.depth);
        const namer = along[0];
        if (!namer) r.err('namingLevel', 'naming_org_missing');
        else if (!namer.path.startsWith(c.imp.org_path)) r.err('namingLevel', 'naming_org_unreachable');
        else if (docNo && namedOn) naming = { orgId: namer.id, orgName: namer.name, level, docNo, namedOn, plaqueNo, grantFen };
      }
    } else if (r.text('namingDocNo') || r.text('namedOn')) r.err('namingLevel', 'required');
    if (r.errors.length || !name || !org || !leader || !foundedOn || !resolvedCategory) {
      out.push({ check: r });
      continue;
    }
    const key = `${org.id}|${name}`;
    if (c.seen.has(key)) {
      r.err('name', 'duplicate_in_file');
      out.push({ check: r });
      continue;
    }
    c.seen.add(key);
    out.push({
      check: r,
      key,
      data: {
        orgId: org.id,
        orgName: org.name,
        orgPath: org.path,
        name,
        category: resolvedCategory,
        leaderId: leader.id,
        leaderName: leader.name,
        foundedOn,
        venueAddress,
        venueArea,
        industryChain,
        naming,
      },
    });
  }
  const existing = await repo.existingStudioKeys(
    c.ctx.db,
    out.filter((o) => o.data).map((o) => ({ org_id: o.data!.orgId as string, name: o.data!.name as string })),
  );
  for (const o of out) if (o.data) o.data.action = existing.has(o.key!) ? 'exists' : 'create';
  return out;
}

// ---- pairs
async function checkPairs(c: Context, rows: { row: number; cells: Cell[] }[]) {
  const checks = rows.map((x) => new RowCheck<PairField>(x.row, x.cells, c.mapping as Partial<Record<PairField, number>>));
  const unreachable = await unreachableNames(c, checks as RowCheck<string>[], 'enterprise');
  const people = await lookUpPeople(
    c,
    checks as RowCheck<string>[],
    ['masterIdNumber', 'apprenticeIdNumber'],
    ['masterName', 'apprenticeName'],
    'enterprise',
  );
  await loadOrgs(c, people.orgIds);
  const parsed: { check: RowCheck<PairField>; data?: Record<string, unknown>; key?: string }[] = [];
  for (const r of checks) {
    const org = enterpriseOf(c, r, 'enterprise', unreachable);
    const master = personOf(c, r, 'masterIdNumber', 'masterName', org?.id, people.byHash, people.byName);
    const apprentice = personOf(c, r, 'apprenticeIdNumber', 'apprenticeName', org?.id, people.byHash, people.byName);
    if (master && apprentice && master.id === apprentice.id)
      r.err(r.text('apprenticeIdNumber') ? 'apprenticeIdNumber' : 'apprenticeName', 'same_person');
    const agreementNo = r.str('agreementNo', 100, false);
    const trade = r.str('trade', 100, true);
    const levelText = r.text('targetLevel');
    const target = levelText ? parseSkillLevel(levelText) : undefined;
    if (!levelText) r.err('targetLevel', 'required');
    else if (!target) r.err('targetLevel', 'unknown_skill_level');
    const startOn = r.date('startOn', true);
    const endOn = r.date('endOn', true);
    if (startOn && endOn) {
      if (endOn <= startOn) r.err('endOn', 'end_before_start');
      else if (endOn < addYears(startOn, 1) || endOn > addYears(startOn, 3)) r.err('endOn', 'term_length');
    }
    const allowanceFen = r.fen('allowance') ?? '0';
    if (master && target && !r.has('masterIdNumber') && !r.has('masterName')) {
      const rank = master.skill_level ?? 0;
      const required = Math.max(target, MASTER_RANK);
      if (rank < required && !(rank >= target && (await honoursWithRank(c.ctx.db, master.id)).length > 0))
        r.err(r.text('masterIdNumber') ? 'masterIdNumber' : 'masterName', 'master_below_level_row');
    }
    if (r.errors.length || !org || !master || !apprentice || !trade || !target || !startOn || !endOn) {
      parsed.push({ check: r });
      continue;
    }
    const key = `${master.id}|${apprentice.id}|${startOn}`;
    if (c.seen.has(key)) {
      r.err(r.text('apprenticeIdNumber') ? 'apprenticeIdNumber' : 'apprenticeName', 'duplicate_in_file');
      parsed.push({ check: r });
      continue;
    }
    c.seen.add(key);
    parsed.push({
      check: r,
      key,
      data: {
        orgId: org.id,
        orgName: org.name,
        orgPath: org.path,
        agreementNo: agreementNo ?? `导入-${startOn.replace(/-/g, '')}-${r.row}`,
        masterId: master.id,
        masterName: master.name,
        apprenticeId: apprentice.id,
        apprenticeName: apprentice.name,
        trade,
        targetLevel: target,
        startOn,
        endOn,
        allowanceFen,
        status: endOn < today() ? 'exam_due' : 'in_progress',
      },
    });
  }
  // Already registered pairs add nothing; the rest count against the limits with the registry's running pairs.
  const valid = parsed.filter((p) => p.data);
  const existing = await repo.existingPairKeys(c.ctx.db, [...new Set(valid.map((p) => p.data!.masterId as string))]);
  const masters = [...new Set(valid.map((p) => p.data!.masterId as string))];
  const apprentices = [...new Set(valid.map((p) => p.data!.apprenticeId as string))];
  const [asMaster, asApprentice] = await Promise.all([
    repo.openPairCounts(
      c.ctx.db,
      'master_person_id',
      masters.filter((m) => !c.asMaster.has(m)),
    ),
    repo.openPairCounts(
      c.ctx.db,
      'apprentice_person_id',
      apprentices.filter((a) => !c.asApprentice.has(a)),
    ),
  ]);
  for (const m of masters) if (!c.asMaster.has(m)) c.asMaster.set(m, asMaster.get(m) ?? 0);
  for (const a of apprentices) if (!c.asApprentice.has(a)) c.asApprentice.set(a, asApprentice.get(a) ?? 0);
  for (const p of valid) {
    const d = p.data!;
    if (existing.has(p.key!)) {
      d.action = 'exists';
      continue;
    }
    const r = p.check;
    const orgPath = d.orgPath as string;
    let max = c.maxApprentices.get(orgPath);
    if (max === undefined) {
      max = (await irepo.maxApprenticesAlong(c.ctx.db, orgPath)) ?? DEFAULT_MAX_APPRENTICES;
      c.maxApprentices.set(orgPath, max);
    }
    const apprenticeField = r.text('apprenticeIdNumber') ? 'apprenticeIdNumber' : 'apprenticeName';
    const masterField = r.text('masterIdNumber') ? 'masterIdNumber' : 'masterName';
    if ((c.asApprentice.get(d.apprenticeId as string) ?? 0) > 0) r.err(apprenticeField, 'apprentice_paired');
    if ((c.asMaster.get(d.masterId as string) ?? 0) >= max) r.err(masterField, 'master_full_row');
    if (r.errors.length) {
      delete p.data;
      continue;
    }
    d.action = 'create';
    c.asApprentice.set(d.apprenticeId as string, (c.asApprentice.get(d.apprenticeId as string) ?? 0) + 1);
    c.asMaster.set(d.masterId as string, (c.asMaster.get(d.masterId as string) ?? 0) + 1);
  }
  return parsed;
}

/** Validates a studio or pair list: every row checked, staged or given its per-cell errors. */
async function validateList(
  kind: 'studios' | 'pairs',
  ctx: RequestContext,
  imp: importsRepo.ImportRecord,
  progress: (processed: number) => Promise<void>,
) {
  const mapping = (imp.mapping as Record<string, number> | null) ?? {};
  const workplaces = await peopleImports.loadWorkplaces(ctx, imp.org_path);
  const c: Context = {
    ctx,
    imp,
    mapping,
    findOrg: orgFinder(workplaces.keys),
    orgs: new Map(),
    seen: new Set(),
    asMaster: new Map(),
    asApprentice: new Map(),
    categories: new Map(),
    maxApprentices: new Map(),
  };
  // Totals and signature lines are skipped as in a roster: the name column is the studio's or the master's.
  const skipMapping: Mapping =
    kind === 'studios'
      ? { name: mapping.name, idNumber: mapping.leaderIdNumber }
      : { name: mapping.masterName, idNumber: mapping.masterIdNumber };
  const t = { total: 0, valid: 0, errorRows: 0, errorCount: 0, skipped: 0, willCreate: 0, willUpdate: 0 };
  let chunk: { row: number; cells: Cell[] }[] = [];
  let afterBlankMarker = false;
  const skippedLines: ErrRow[] = [];
  const flush = async () => {
    const results = kind === 'studios' ? await checkStudios(c, chunk) : await checkPairs(c, chunk);
    const staged: Staged[] = [];
    const errors: ErrRow[] = skippedLines.splice(0);
    for (const res of results) {
      if (res.data && !res.check.errors.length) {
        t.valid++;
        if (res.data.action === 'exists') t.willUpdate++;
        else t.willCreate++;
        staged.push({ row_no: t.valid, source_row: res.check.row, row_key: res.key!, data: res.data });
      } else {
        t.errorRows++;
        t.errorCount += res.check.errors.length;
        for (const e of res.check.errors) errors.push({ ...e, field: e.field as ErrRow['field'], source_row: res.check.row });
      }
    }
    await repo.insertSheetRows(ctx.db, imp.id, staged);
    await importsRepo.insertErrors(ctx.db, imp.id, errors);
    chunk = [];
    await progress(t.total);
  };
  for await (const r of readRows(peopleImports.fileOf(ctx, imp), imp.file_format)) {
    if (r.row <= (imp.header_row ?? 0) || isEmptyRow(r.cells)) continue;
    t.total++;
    if (t.total > MAX_LIST_ROWS) throw new AppError('import_too_many_rows', { limit: MAX_LIST_ROWS });
    const skip = summaryLine(r.cells, skipMapping, afterBlankMarker);
    if (skip) {
      if (skip === 'skipped_blank_marker') afterBlankMarker = true;
      t.skipped++;
      skippedLines.push({ source_row: r.row, col: null, field: null, code: skip, value: null, skipped: true });
      continue;
    }
    chunk.push(r);
    if (chunk.length >= CHUNK) await flush();
  }
  await flush();
  return t;
}

// ---- commit
async function applyStudios(trx: irepo.Db, importId: string, lo: number, hi: number, ctx: RequestContext) {
  const rows = await repo.sheetRows(trx, importId, lo, hi);
  let created = 0;
  for (const r of rows) {
    const d = r.data as StudioData;
    if (d.action !== 'create' || (await repo.studioExists(trx, d.orgId, d.name))) continue;
    const { id } = await irepo.insertStudio(trx, {
      org_id: d.orgId,
      name: d.name,
      category: d.category,
      leader_person_id: d.leaderId,
      leader_honour_id: null,
      industry_chain: d.industryChain,
      founded_on: d.foundedOn,
      venue_address: d.venueAddress,
      venue_area: d.venueArea === null ? null : Number(d.venueArea), // at most two decimals, checked: exact in numeric(12,2)
      equipment: '[]',
    });
    await irepo.insertMember(trx, { studio_id: id, person_id: d.leaderId, role: 'leader', joined_on: d.foundedOn });
    const n = d.naming;
    if (n)
      await repo.insertImportedNaming(trx, {
        studio_id: id,
        org_id: n.orgId,
        level: n.level,
        doc_no: n.docNo,
        named_on: n.namedOn,
        plaque_no: n.plaqueNo,
        grant_fen: n.grantFen,
      });
    await writeAudit(trx, ctx, {
      action: 'create',
      entityType: 'studio',
      entityId: id,
      orgId: d.orgId,
      orgPath: d.orgPath,
      after: { importId, sourceRow: r.source_row, name: d.name, category: d.category, naming: n },
    });
    created++;
  }
  return { rows: rows.length, applied: rows.length, created, updated: 0, transfers: 0 };
}

async function applyPairs(trx: irepo.Db, importId: string, lo: number, hi: number, ctx: RequestContext) {
  const rows = await repo.sheetRows(trx, importId, lo, hi);
  let created = 0;
  for (const r of rows) {
    const d = r.data as PairData;
    if (d.action !== 'create' || (await repo.pairExists(trx, d.masterId, d.apprenticeId, d.startOn))) continue;
    const { id } = await irepo.insertPair(trx, {
      org_id: d.orgId,
      agreement_no: d.agreementNo,
      master_person_id: d.masterId,
      apprentice_person_id: d.apprenticeId,
      studio_id: null,
      trade: d.trade,
      target_level: d.targetLevel,
      stages: '[]',
      start_on: d.startOn,
      end_on: d.endOn,
      allowance_fen: d.allowanceFen,
    });
    await irepo.updatePair(trx, id, { status: d.status });
    await writeAudit(trx, ctx, {
      action: 'create',
      entityType: 'mentorship',
      entityId: id,
      orgId: d.orgId,
      orgPath: d.orgPath,
      after: { importId, sourceRow: r.source_row, agreementNo: d.agreementNo, trade: d.trade, startOn: d.startOn, endOn: d.endOn },
    });
    created++;
  }
  return { rows: rows.length, applied: rows.length, created, updated: 0, transfers: 0 };
}

/** A studio or pair list's cell error, labelled by its column field in this module's messages. */
export function listErrorText(field: string | null, code: string, locale: Locale): string {
  if (code.startsWith('skipped_')) return peopleImports.errorText(null, code, locale);
  return fieldMessage({ path: field ? `cell.${field}` : 'row', code }, locale, 'innovation');
}

peopleImports.registerSheetKind({
  kind: 'studios',
  vocabulary: STUDIO_VOCABULARY,
  required: STUDIO_REQUIRED,
  validate: (ctx, imp, progress) => validateList('studios', ctx, imp, progress),
  countStaged: repo.countSheetRows,
  applyBatch: (trx, id, lo, hi, ctx) => applyStudios(trx, id, lo, hi, ctx),
  errorText: listErrorText,
});
peopleImports.registerSheetKind({
  kind: 'pairs',
  vocabulary: PAIR_VOCABULARY,
  required: PAIR_REQUIRED,
  validate: (ctx, imp, progress) => validateList('pairs', ctx, imp, progress),
  countStaged: repo.countSheetRows,
  applyBatch: (trx, id, lo, hi, ctx) => applyPairs(trx, id, lo, hi, ctx),
  errorText: listErrorText,
});

// ---- what the routes call
/** The shared view names this module's columns (its guesses and mapping come from this kind's header words). */
type ListImportView = z.infer<typeof listImportView>;
const asListView = (v: Awaited<ReturnType<typeof peopleImports.getImport>>) => v as unknown as ListImportView;

export const upload = async (ctx: RequestContext, kind: 'studios' | 'pairs', orgId: string, fileName: string, body: Readable) =>
  asListView(await peopleImports.uploadSheet(ctx, kind, orgId, fileName, body));
export const get = async (ctx: RequestContext, id: string) => asListView(await peopleImports.getImport(ctx, id, INNOVATION_KINDS));
export const list = async (ctx: RequestContext, q: { page: number; pageSize: number }) =>
  (await peopleImports.listImports(ctx, q, INNOVATION_KINDS)).map(asListView);
export const validate = async (
  ctx: RequestContext,
  id: string,
  input: { mapping?: Record<string, number | undefined>; headerRow?: number },
) => asListView(await peopleImports.startValidation(ctx, id, input, INNOVATION_KINDS));
export const commit = async (ctx: RequestContext, id: string, input: { skipInvalid?: boolean }) =>
  asListView(await peopleImports.startCommit(ctx, id, input, INNOVATION_KINDS));
export const errors = (ctx: RequestContext, id: string, q: { page: number; pageSize: number }) =>
  peopleImports.listImportErrors(ctx, id, q, INNOVATION_KINDS);
export const errorReport = (ctx: RequestContext, id: string) => peopleImports.errorReportSource(ctx, id, INNOVATION_KINDS);

/** The rows as they will be applied: new, or already registered (adds nothing). */
export async function preview(ctx: RequestContext, id: string, q: { page: number; pageSize: number }) {
  const imp = await peopleImports.getImport(ctx, id, INNOVATION_KINDS);
  const rows = await repo.sheetRowsPage(ctx.db, id, q.pageSize, (q.page - 1) * q.pageSize);
  return rows.map((r) => {
    const d = r.data as Record<string, unknown>;
    const naming = d.naming as { level: string; orgName: string } | null | undefined;
    return {
      row: r.source_row,
      action: d.action as 'create' | 'exists',
      orgName: String(d.orgName ?? ''),
      ...(imp.kind === 'studios'
        ? {
            studio: {
              name: String(d.name),
              category: String(d.category),
              leaderName: String(d.leaderName),
              foundedOn: String(d.foundedOn),
              namingLevel: naming?.level ?? null,
              namingOrgName: naming?.orgName ?? null,
            },
          }
        : {
            pair: {
              masterName: String(d.masterName),
              apprenticeName: String(d.apprenticeName),
              trade: String(d.trade),
              targetLevel: codeOfRank(Number(d.targetLevel))!,
              startOn: String(d.startOn),
              endOn: String(d.endOn),
              allowance: money(String(d.allowanceFen)),
            },
          }),
    };
  });
}
