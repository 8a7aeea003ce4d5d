// HTTP plumbing shared by every module: the request context, session authentication,
// declarative access rules enforced in one hook, and the one error model.
import type { FastifyBaseLogger, FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import type { CompiledQuery, Kysely } from 'kysely';
import { z } from 'zod';
import type { Config } from '../config.js';
import type { Database } from '../db/schema.js';
import type { DatabaseKind } from '../db/database.js';
import { classifyFault, RETRY_AFTER_SECONDS, uniqueField } from '../db/faults.js';
import { type Actor, type Permission, type Reach, hasPermission, isInScope } from './access.js';
import type { AuditEntityType } from '../../shared/audit-vocabulary.js';
import { writeAudit, type AuditContext } from './audit.js';
import { AppError, type FieldError } from './errors.js';
import { freeBytes } from './files.js';
import { errorMessage, fieldMessage, resolveLocale, type Locale, type Namespace } from './i18n.js';
import type { SecretBox } from './secrets.js';
import { loadActor, loadActorAlong, SESSION_COOKIE } from './sessions.js';

export interface AppDeps {
  db: Kysely<Database>;
  dbKind: DatabaseKind;
  config: Config;
  secrets: SecretBox;
}

/** Entities whose organisation a route may be asked to check; each module registers its resolver. */
export type ScopedEntity =
  | 'organisation'
  | 'user'
  | 'person'
  | 'import'
  | 'transfer'
  | 'innovation_item'
  | 'worker_registration'
  | 'innovation_selection'
  | 'innovation_entry';
export type ScopeResolver = (db: Kysely<Database>, id: string) => Promise<string | undefined>;

export interface ScopeRef {
  from: 'params' | 'body' | 'query';
  key: string;
  entity: ScopedEntity;
  /**
   * How far the actor must reach the entity's organisation (platform/access.ts): 'territorial' (the
   * default: own subtree; every write of what the territorial chain owns) or 'read' (also the
   * enterprises affiliated to the actor's industry union: reads, hosting, inviting, handing tasks to).
   */
  reach?: Reach;
}

/** The organisation a scoped id resolved to (an organisation's own, or the entity's organisation). */
export interface ScopedOrg {
  id: string;
  path: string;
}

/**
 * A decision about one record the request names, made by the module's policy (e.g. tasks.policy.ts):
 * `check` loads the record, throws AppError 'not_found' (out of sight) or 'forbidden' (seen, but not
 * this action), and returns what the handler gets as `req.scoped.record`.
 */
export interface RecordPolicy {
  from: 'params' | 'body' | 'query';
  key: string;
  /** Entity type of a refusal's audit entry. */
  entity: AuditEntityType;
  check: (db: Kysely<Database>, actor: Actor, id: string) => Promise<unknown>;
}

/** What the access hook resolved, handed to the handler so services need not fetch and check it again. */
export interface Scoped {
  /** The organisation named by the route's first `entity: 'organisation'` scope reference. */
  organisation?: ScopedOrg;
  /** Every scope reference that named an id, by its key (`orgId`, `id`, …): the entity's organisation. */
  byKey: Record<string, ScopedOrg>;
  /** What the route's `policy` loaded and allowed. */
  record?: unknown;
  /** The rows of the route's `readAlong` statement, read with the session and allowed (absent: read them yourself). */
  readAlong?: Record<string, unknown>[];
}

/** What a route needs, declared next to it and enforced by the access hook below. */
export interface RouteAccess {
  /** No session needed (health, login, docs). */
  public?: boolean;
  /** Needs a session; and this permission when given. */
  permission?: Permission;
  /** Entities named in the request that must lie in the actor's organisation subtree. */
  scope?: ScopeRef[];
  /** Reachable while an initial password change or TOTP enrolment is still pending. */
  duringSetup?: boolean;
  /** The module's decision about the record the request names (after permission and scope). */
  policy?: RecordPolicy;
  /**
   * The handler's first read, sent in the same statement as the session lookup: one round trip
   * instead of two (sessions.ts loadActorAlong; docs/design.md, "The session and the page in one
   * statement"). Given the validated request: a statement scoped by the session's organisation
   * (`SESSION_ORG_ID`), or undefined when this request's read cannot go so. Only for a read (nothing
   * is written before the checks), and used when the request names no scoped id or policy record (those
   * need the actor before anything is read); the rows reach the handler as `req.scoped.readAlong` only
   * after every check of this hook passed (CSRF included).
   */
  readAlong?: (req: FastifyRequest) => CompiledQuery | undefined;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
    /** The module that declared the route: its message namespace names the route's fields. */
    module?: Namespace;
    /** A group of the module's labels for this route's fields, when they mean something else than usual. */
    labels?: string;
  }
  interface FastifyRequest {
    actor: Actor | null;
    locale: Locale;
    scoped: Scoped;
    /** The session cookie of a route with `readAlong`, looked up in the preHandler (or by the error handler) instead of onRequest. */
    sessionToken: string | null;
  }
}

/** What services receive: the database, who is acting, and where from (for the audit log). */
export interface RequestContext extends AuditContext {
  db: Kysely<Database>;
  actor: Actor;
  locale: Locale;
  config: Config;
  secrets: SecretBox;
  /** The request's logger (its lines carry the request id), also for work that outlives the answer. */
  log?: FastifyBaseLogger;
}

export function contextOf(req: FastifyRequest, deps: AppDeps): RequestContext {
  if (!req.actor) throw new AppError('unauthenticated');
  return {
    db: deps.db,
    actor: req.actor,
    locale: req.locale,
    ip: req.ip,
    requestId: req.id,
    config: deps.config,
    secrets: deps.secrets,
    log: req.log,
  };
}

/** Standard paging query parameters; sorting is allow-listed per route. */
export const pageQuery = {
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
};

export function sortQuery<const T extends readonly [string, ...string[]]>(fields: T) {
  const values = fields.flatMap((f) => [f, `-${f}`]) as [string, ...string[]];
  return z.enum(values).optional();
}

export function parseSort(sort: string | undefined): { field: string; dir: 'asc' | 'desc' } | undefined {
  if (!sort) return undefined;
  return sort.startsWith('-') ? { field: sort.slice(1), dir: 'desc' } : { field: sort, dir: 'asc' };
}

export const errorResponseSchema = z
  .object({
    status: z.number(),
    code: z.string(),
    message: z.string(),
    fields: z.array(z.object({ path: z.string(), code: z.string(), message: z.string() })).optional(),
    current: z
      .record(z.string(), z.unknown())
      .optional()
      .describe('409 conflict of a stale write: the record as it is now (masked), with its version'),
    requestId: z.string(),
  })
  .describe('The one error model of the API');

export interface RouteEntry {
  method: string;
  url: string;
  access: RouteAccess | undefined;
  /** The message namespace of the module that declared the route ('common' for none). */
  readonly module: Namespace;
  /** The route's group of labels in its module, if any. */
  labels: string | undefined;
  /** The route's zod schemas (params, querystring, body, response). */
  schema: Record<string, unknown> | undefined;
}
const routeTables = new WeakMap<FastifyInstance, RouteEntry[]>();

/** Every /api route of the app with its access rule (the route-table access test walks it). */
export function routeTable(app: FastifyInstance): RouteEntry[] {
  return routeTables.get(rootOf(app)) ?? [];
}

const scopeResolvers = new WeakMap<FastifyInstance, Map<ScopedEntity, ScopeResolver>>();

export function registerScopeResolver(app: FastifyInstance, entity: ScopedEntity, resolver: ScopeResolver): void {
  const root = rootOf(app);
  let map = scopeResolvers.get(root);
  if (!map) scopeResolvers.set(root, (map = new Map()));
  map.set(entity, resolver);
}

/** The app whose platform was installed: a module's own Fastify context inherits from it (Object.create). */
const roots = new WeakSet<FastifyInstance>();
function rootOf(app: FastifyInstance): FastifyInstance {
  let current: FastifyInstance | null = app;
  while (current && !roots.has(current)) current = Object.getPrototypeOf(current) as FastifyInstance | null;
  return current ?? app;
}

/**
 * A domain module: its routes registered in their own Fastify context, each route carrying the
 * module's message namespace (route config `module`), so its errors name fields with the module's
 * labels (`orgs` + `body.name` → 名称, `people` + `body.name` → 姓名).
 */
export function domainModule({ namespace }: { namespace: Namespace }, routes: (app: FastifyInstance, deps: AppDeps) => Promise<void>) {
  return async (app: FastifyInstance, deps: AppDeps) => {
    await app.register(async (scoped) => {
      scoped.addHook('onRoute', (route) => {
        if (route.config) route.config.module = namespace;
      });
      await routes(scoped, deps);
    });
  };
}

/** Installs authentication, access enforcement and the error model on the root app. */
export function installHttpPlatform(app: FastifyInstance, deps: AppDeps): void {
  roots.add(app);
  app.decorateRequest('actor', null);
  app.decorateRequest('locale', 'zh-CN');
  app.decorateRequest('scoped', null as unknown as Scoped);
  app.decorateRequest('sessionToken', null);

  // Every /api route must say who may call it; forgetting is a start-up failure, not an open door.
  const table: RouteEntry[] = [];
  routeTables.set(app, table);
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/') || route.url.startsWith('/api/docs')) return;
    if (!route.config?.access) throw new Error(`Route ${String(route.method)} ${route.url} declares no access rule`);
    // The module's own onRoute hook (see domainModule) runs after this one and names the module
    // on the same config object, hence the getter.
    const config = route.config;
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD')
        table.push({
          method,
          url: route.url,
          access: config.access,
          labels: config.labels,
          schema: route.schema as Record<string, unknown> | undefined,
          get module() {
            return config.module ?? 'common';
          },
        });
    }
  });

  app.addHook('onRequest', async (req) => {
    req.locale = resolveLocale(undefined, req.headers['accept-language']);
    req.scoped = { byKey: {} };
    const token = req.cookies[SESSION_COOKIE];
    if (!token) return;
    // The session travels with the route's first read, once the request is validated (preHandler).
    if (req.routeOptions.config?.access?.readAlong) {
      req.sessionToken = token;
      return;
    }
    req.actor = await loadActor(deps, token);
    if (req.actor) req.locale = resolveLocale(req.actor.locale, req.headers['accept-language']);
  });

  const from = (req: FastifyRequest, where: 'params' | 'body' | 'query', key: string) =>
    (req as unknown as Record<string, Record<string, unknown> | undefined>)[where]?.[key];

  /** The session looked up late, alone or with the route's first read; then the same checks as every route. */
  const settleSession = async (req: FastifyRequest, access: RouteAccess | undefined) => {
    const token = req.sessionToken!;
    req.sessionToken = null;
    const named =
      access?.scope?.some((ref) => from(req, ref.from, ref.key) != null) ||
      (access?.policy && from(req, access.policy.from, access.policy.key) != null);
    const read = named ? undefined : access?.readAlong?.(req);
    if (read) {
      const along = await loadActorAlong(deps, token, read);
      req.actor = along.actor;
      if (along.rows) req.scoped.readAlong = along.rows;
    } else req.actor = await loadActor(deps, token);
    if (req.actor) req.locale = resolveLocale(req.actor.locale, req.headers['accept-language']);
  };

  app.addHook('preHandler', async (req) => {
    const access = req.routeOptions.config?.access;
    if (req.sessionToken) await settleSession(req, access);
    if (!access || access.public) return;
    const actor = req.actor;
    if (!actor) throw new AppError('unauthenticated');
    if (!['GET', 'HEAD', 'OPTIONS'].includes(req.method) && req.headers['x-csrf-token'] !== actor.csrfToken) {
      throw new AppError('csrf_failed');
    }
    if (!access.duringSetup) {
      if (actor.mustChangePassword) throw new AppError('password_change_required');
      if (actor.totpEnrollmentRequired) throw new AppError('totp_enrollment_required');
    }
    const audit: AuditContext = { actor, ip: req.ip, requestId: req.id };
    if (access.permission && !hasPermission(actor, access.permission)) {
      await writeAudit(deps.db, audit, {
        action: 'permission_denied',
        entityType: 'route',
        entityId: `${req.method} ${req.routeOptions.url}`,
        orgId: actor.orgId,
        orgPath: actor.orgPath,
        after: { permission: access.permission },
      });
      throw new AppError('forbidden');
    }
    for (const ref of access.scope ?? []) {
      const raw = from(req, ref.from, ref.key);
      if (raw === undefined || raw === null) continue;
      const resolver = scopeResolvers.get(rootOf(app))?.get(ref.entity);
      if (!resolver) throw new Error(`No scope resolver for ${ref.entity}`);
      const path = /^\d{1,18}$/.test(String(raw)) ? await resolver(deps.db, String(raw)) : undefined;
      if (!path || !isInScope(actor, path, ref.reach)) {
        await writeAudit(deps.db, audit, {
          action: 'permission_denied',
          entityType: ref.entity,
          entityId: String(raw),
          orgId: actor.orgId,
          orgPath: actor.orgPath,
          after: { route: `${req.method} ${req.routeOptions.url}` },
        });
        throw new AppError('not_found', { entity: ref.entity });
      }
      // A materialized path ends with the organisation's own id ("1.5.23." → 23).
      const org = { id: path.slice(0, -1).split('.').pop()!, path };
      req.scoped.byKey[ref.key] ??= org;
      if (ref.entity === 'organisation') req.scoped.organisation ??= org;
    }
    const policy = access.policy;
    const raw = policy && from(req, policy.from, policy.key);
    if (policy && raw !== undefined && raw !== null) {
      try {
        if (!/^\d{1,18}$/.test(String(raw))) throw new AppError('not_found', { entity: policy.entity });
        req.scoped.record = await policy.check(deps.db, actor, String(raw));
      } catch (err) {
        // A refused raw upload still reads its body, so the client gets the answer, not a reset.
        const body = req.body as { resume?: unknown } | undefined;
        if (body && typeof body.resume === 'function') body.resume();
        if (err instanceof AppError && (err.code === 'not_found' || err.code === 'forbidden')) {
          await writeAudit(deps.db, audit, {
            action: 'permission_denied',
            entityType: policy.entity,
            entityId: String(raw),
            orgId: actor.orgId,
            orgPath: actor.orgPath,
            after: { route: `${req.method} ${req.routeOptions.url}`, refused: err.code },
          });
        }
        throw err;
      }
    }
    await refuseWhatCannotFit(req, deps.config);
  });

  app.setErrorHandler(async (err: FastifyError, req, reply) => {
    // A request refused before its late session lookup (e.g. invalid input) still answers in the user's language.
    if (req.sessionToken) {
      const token = req.sessionToken;
      req.sessionToken = null;
      const actor = await loadActor(deps, token).catch(() => null);
      if (actor) req.locale = resolveLocale(actor.locale, req.headers['accept-language']);
    }
    return sendError(req, reply, toAppError(err, req));
  });

  app.setNotFoundHandler((req, reply) =>
    sendError(req, reply, new AppError('route_not_found', { method: req.method, url: req.url.split('?')[0] ?? '' })),
  );
}

/** Uploads read their body in the handler: one larger than the free space left is refused before a byte is written. */
const CHECK_SPACE_FROM_BYTES = 1024 * 1024;
async function refuseWhatCannotFit(req: FastifyRequest, config: Config): Promise<void> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (!(declared >= CHECK_SPACE_FROM_BYTES)) return;
  const free = await freeBytes(config.JIANGXIN_DATA_DIR).catch(() => Number.POSITIVE_INFINITY);
  if (declared > free) throw new AppError('storage_full');
}

export function toAppError(err: FastifyError, req: FastifyRequest): AppError {
  if (err instanceof AppError) return err;
  // What the database or the disk answered (db/faults.ts): the request fails, the process stays.
  const fault = classifyFault(err);
  if (fault === 'unique') {
    const field = uniqueField(err);
    req.log.warn({ err }, 'unique constraint refused a write');
    return field ? new AppError('conflict', {}, [{ path: field.path, code: field.reason }]) : new AppError('conflict');
  }
  if (fault === 'unavailable' || fault === 'retry') {
    req.log.warn({ err: { message: (err as Error).message, code: err.code } }, 'database unavailable');
    return new AppError('database_unavailable', { retryAfter: RETRY_AFTER_SECONDS });
  }
  if (fault === 'storage_full') {
    req.log.error({ err: { message: (err as Error).message, code: err.code } }, 'out of storage space');
    return new AppError('storage_full');
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    const where = err.validationContext === 'querystring' ? 'query' : (err.validationContext ?? 'body');
    const fields: FieldError[] = err.validation.map((v) => {
      const params = v.params as Record<string, unknown>;
      const path = [where, ...v.instancePath.split('/').filter(Boolean)].join('.');
      let code = v.keyword;
      if (code === 'invalid_type' && params.input === undefined) code = 'required';
      if ((code === 'too_small' || code === 'too_big') && params.origin === 'string')
        code = code === 'too_small' ? 'too_short' : 'too_long';
      const custom = (params.params as Record<string, unknown> | undefined)?.reason;
      if (code === 'custom' && typeof custom === 'string') code = custom;
      const out: Record<string, string | number> = {};
      for (const k of ['expected', 'minimum', 'maximum'] as const)
        if (params[k] !== undefined) out[k] = typeof params[k] === 'number' ? params[k] : String(params[k]);
      if (params.origin === 'array') out.origin = 'array';
      if (Array.isArray(params.values)) out.options = params.values.join(', ');
      if (Array.isArray(params.keys)) out.keys = params.keys.join(', ');
      return { path, code, params: out };
    });
    return new AppError('validation_failed', {}, fields);
  }
  if (err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || err instanceof SyntaxError)
    return new AppError('malformed_json');
  if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new AppError('payload_too_large');
  if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return new AppError('unsupported_media_type');
  if (err.statusCode === 429) return new AppError('rate_limited');
  if (isResponseSerializationError(err)) req.log.error({ err, cause: err.cause }, 'response did not match its schema');
  else req.log.error({ err }, 'unhandled error');
  return new AppError('internal', { requestId: String(req.id) });
}

function sendError(req: FastifyRequest, reply: FastifyReply, err: AppError) {
  const locale = req.locale ?? 'zh-CN';
  const namespace = req.routeOptions.config?.module ?? 'common';
  const fields = err.fields.map((f) => ({
    path: f.path,
    code: f.code,
    message: fieldMessage(f, locale, namespace, req.routeOptions.config?.labels),
  }));
  const params: Record<string, string | number> = { ...err.params, requestId: String(req.id) };
  if (err.code === 'validation_failed' && !params.detail) params.detail = fields.map((f) => f.message).join('；');
  const message = errorMessage(err.code, params, locale, namespace);
  if (err.code === 'database_unavailable') reply.header('retry-after', String(err.params.retryAfter ?? RETRY_AFTER_SECONDS));
  const body = {
    status: err.status,
    code: err.code,
    message,
    ...(fields.length ? { fields } : {}),
    ...(err.current ? { current: err.current } : {}),
    requestId: String(req.id),
  };
  return reply.status(err.status).type('application/json; charset=utf-8').send(JSON.stringify(body));
}
