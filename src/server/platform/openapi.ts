// The OpenAPI document, made usable by client generators and API tools: every operation gets a
// stable operationId derived from its method and URL, the security its access rule demands, and
// the error responses it can answer with (the one error model, src/server/platform/http.ts).
// The web app's types are generated from this document (src/server/contract/, README "API").
import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import type { RouteOptions } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponseSchema, type RouteAccess } from './http.js';

/** The session cookie (set by POST /api/auth/login) and the CSRF token every write must echo. */
export const SECURITY_SCHEMES = {
  session: { type: 'apiKey', in: 'cookie', name: 'jx_session', description: 'The session cookie set by POST /api/auth/login' },
  csrfToken: {
    type: 'apiKey',
    in: 'header',
    name: 'X-CSRF-Token',
    description: 'The csrfToken of the session (answered by login and GET /api/auth/me); required on every write',
  },
} as const;

/** One line per tag: the module that serves the operations. */
const TAGS = [
  { name: 'health', description: 'Service and database status' },
  { name: 'auth', description: 'Sign-in, the own account, two-factor login and preferences' },
  { name: 'orgs', description: 'The organisation tree and the region codes' },
  { name: 'users', description: 'User accounts, roles and the access vocabulary' },
  { name: 'audit', description: 'The append-only audit log' },
  { name: 'people', description: 'The worker registry: people, skills, honours, transfers, export' },
  { name: 'people-imports', description: 'Roster imports (.xlsx/.csv): upload, validate, commit' },
  { name: 'notifications', description: "The signed-in user's notifications" },
  { name: 'tasks', description: 'Reform programmes, goals, tasks, progress reports and supervision' },
  { name: 'dashboard', description: 'The results dashboard and its export' },
];

/** Readable names where the rule below would read awkwardly; keyed by "METHOD /url". */
const OPERATION_ID_EXCEPTIONS: Record<string, string> = {
  'GET /api/auth/me': 'getSession',
  'GET /api/audit': 'listAuditEntries',
  'POST /api/auth/login': 'login',
  'POST /api/auth/logout': 'logout',
  'POST /api/auth/password': 'changePassword',
  'POST /api/users/{id}/reset-password': 'resetUserPassword',
  'POST /api/users/{id}/reset-totp': 'resetUserTotp',
  'POST /api/people/{id}/pii': 'revealPersonPii',
  'GET /api/proposals': 'listInnovationItems',
  'POST /api/proposals': 'createInnovationItem',
  'GET /api/proposals/{id}': 'getInnovationItem',
};

const pascal = (segment: string) =>
  segment
    .split(/[-_.]/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
const camel = (segment: string) => {
  const p = pascal(segment);
  return p[0]!.toLowerCase() + p.slice(1);
};
const singular = (word: string) =>
  word === 'people' ? 'person' : word.endsWith('ies') ? `${word.slice(0, -3)}y` : word.endsWith('s') ? word.slice(0, -1) : word;
const isCollection = (word: string) => word === 'people' || (word.endsWith('s') && !word.endsWith('ss'));

/**
 * The operationId of a route, verb first, from its method and URL (OpenAPI form, /api/orgs/{id}):
 * GET /api/orgs → listOrgs, GET /api/orgs/{id} → getOrg, GET /api/people/{id}/pii → getPersonPii,
 * GET …/export(.xlsx) → exportX, POST /api/orgs → createOrg, POST /api/orgs/{id}/move → moveOrg,
 * PATCH → updateX, DELETE → deleteX. A segment followed by a parameter is named in the singular.
 */
export function operationIdOf(method: string, url: string): string {
  const key = `${method.toUpperCase()} ${url}`;
  if (OPERATION_ID_EXCEPTIONS[key]) return OPERATION_ID_EXCEPTIONS[key];
  const segments = url
    .replace(/^\/api\//, '')
    .split('/')
    .filter(Boolean);
  if (!segments.length) return method.toLowerCase();
  const endsWithParam = segments.at(-1)!.startsWith('{');
  const words = segments.flatMap((s, i) => (s.startsWith('{') ? [] : [segments[i + 1]?.startsWith('{') ? singular(s) : s]));
  const chain = (list: string[]) => list.map(pascal).join('');
  const last = words.at(-1)!;
  switch (method.toUpperCase()) {
    case 'GET':
      if (endsWithParam) return `get${chain(words)}`;
      if (last.startsWith('export'))
        return `export${chain(words.slice(0, -1))}${pascal(last.replace(/^export\.?/, '').replace(/^xlsx$/, ''))}`;
      return `${isCollection(last) ? 'list' : 'get'}${chain(words)}`;
    case 'POST':
      if (endsWithParam) return `post${chain(words)}`;
      if (isCollection(last)) return `create${chain([...words.slice(0, -1), singular(last)])}`;
      return `${camel(last)}${chain(words.slice(0, -1))}`;
    case 'PATCH':
    case 'PUT':
      return `update${chain(words)}`;
    case 'DELETE':
      return `delete${chain(words)}`;
    default:
      return `${method.toLowerCase()}${chain(words)}`;
  }
}

/** OpenAPI form of a Fastify URL: /api/orgs/:id → /api/orgs/{id}. */
export const openApiPath = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

const isWrite = (method: string) => !['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase());

/** Public routes need nothing; reads the session cookie; writes the cookie and the CSRF header. */
export function securityOf(access: RouteAccess | undefined, method: string): Record<string, string[]>[] {
  if (!access || access.public) return [];
  return isWrite(method) ? [{ session: [], csrfToken: [] }] : [{ session: [] }];
}

// The parts of the OpenAPI document read or rewritten here, as plain JSON; everything else passes through.
type Json = { [key: string]: unknown };
interface SchemaNode extends Json {
  type?: unknown;
  nullable?: unknown;
  allOf?: unknown;
  anyOf?: unknown;
  required?: unknown;
  additionalProperties?: unknown;
  properties?: Json;
}
interface ResponseNode extends Json {
  description?: string;
  content?: unknown;
}
interface Operation extends Json {
  security?: unknown[];
  parameters?: unknown[];
  requestBody?: unknown;
  responses?: Record<string, ResponseNode>;
}
interface Document extends Json {
  paths?: Record<string, Record<string, Operation>>;
  components?: { schemas?: Json; responses?: Json; [key: string]: unknown };
  tags?: unknown;
}

/** The error responses, one shared component each, all with the one error model. */
const ERROR_RESPONSES: Record<string, { name: string; description: string }> = {
  400: {
    name: 'BadRequest',
    description: 'The request is not valid: `fields` names each field and why (validation_failed, malformed_json, …)',
  },
  401: { name: 'Unauthenticated', description: 'No valid session, or the credentials were wrong' },
  403: { name: 'Forbidden', description: 'Missing permission, missing or wrong CSRF token, or a pending password change / TOTP enrolment' },
  404: { name: 'NotFound', description: "The entity does not exist or lies outside the caller's organisation subtree" },
  409: {
    name: 'Conflict',
    description: 'The request conflicts with the current state (taken names, state transitions, data that depends on it)',
  },
  413: { name: 'PayloadTooLarge', description: 'The request body is larger than allowed' },
  415: { name: 'UnsupportedMediaType', description: "The request body's content type is not accepted" },
  429: { name: 'TooManyRequests', description: 'Too many attempts; try again later' },
  500: { name: 'InternalError', description: 'An unexpected error; the requestId identifies it in the server log' },
  503: { name: 'Unavailable', description: 'The database is unavailable or the server is shutting down' },
};

/** Which error responses an operation can answer with, from its method, security, parameters and body. */
function errorStatusesOf(method: string, url: string, op: Operation): number[] {
  const statuses = new Set<number>([500, 503]);
  const signedIn = (op.security ?? []).length > 0;
  if ((op.parameters ?? []).length || op.requestBody || isWrite(method)) statuses.add(400);
  if (signedIn) statuses.add(401).add(403);
  if (url.includes('{') || signedIn) statuses.add(404);
  if (isWrite(method) && signedIn) statuses.add(409);
  if (method === 'post' || method === 'patch' || method === 'put') statuses.add(413).add(415);
  if (url === '/api/auth/login') statuses.add(401).add(403).add(429);
  return [...statuses].sort((a, b) => a - b);
}

/**
 * Tidies what the zod conversion leaves for OpenAPI 3.0: the `required` keys of a record keyed by
 * an enum become properties, a nullable reference (`nullable` beside `allOf: [$ref]`) says its
 * type, as OpenAPI 3.0 wants (every named component is an object), and a nullable union moves
 * `nullable` onto its alternatives.
 */
function tidySchema(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) tidySchema(item);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const schema = node as SchemaNode;
  if (schema.nullable === true && schema.type === undefined && Array.isArray(schema.allOf)) schema.type = 'object';
  // A nullable union (`anyOf` beside `nullable`, no type): OpenAPI 3.0 wants `nullable` beside a type,
  // so each alternative carries it instead (null is then valid for the union, as before).
  if (schema.nullable === true && schema.type === undefined && Array.isArray(schema.anyOf)) {
    for (const alt of schema.anyOf as SchemaNode[]) if (alt && typeof alt === 'object' && alt.type !== undefined) alt.nullable = true;
    delete schema.nullable;
  }
  if (Array.isArray(schema.required) && schema.additionalProperties && typeof schema.additionalProperties === 'object') {
    const missing = (schema.required as string[]).filter((k) => !schema.properties?.[k]);
    if (missing.length) {
      schema.properties = { ...schema.properties, ...Object.fromEntries(missing.map((k) => [k, schema.additionalProperties])) };
      schema.additionalProperties = false;
    }
  }
  for (const value of Object.values(schema)) tidySchema(value);
}

/**
 * The zod registry names every schema twice (<Name> as answered, <Name>Input as accepted); only
 * those some operation uses, directly or through another component, stay in the document.
 */
function dropUnusedSchemas(doc: Document): void {
  const schemas = doc.components?.schemas ?? {};
  const used = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string' && value.startsWith('#/components/schemas/')) {
        const name = value.slice('#/components/schemas/'.length);
        if (!used.has(name)) {
          used.add(name);
          visit(schemas[name]);
        }
      } else visit(value);
    }
  };
  visit(doc.paths);
  visit(doc.components?.responses);
  for (const name of Object.keys(schemas)) if (!used.has(name)) delete schemas[name];
}

/** The document's final shape: shared error responses on every operation, tags, servers. */
export function finishDocument(openapiObject: Json): Document {
  const doc = jsonSchemaTransformObject({ openapiObject } as never) as Document;
  const errorSchema = z.toJSONSchema(errorResponseSchema, { target: 'openapi-3.0' }) as Json;
  delete errorSchema.$schema;
  doc.components ??= {};
  doc.components.schemas = { ...doc.components.schemas, ErrorResponse: errorSchema };
  doc.components.responses = Object.fromEntries(
    Object.values(ERROR_RESPONSES).map(({ name, description }) => [
      name,
      { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorResponse' } } } },
    ]),
  );
  for (const [url, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(item)) {
      for (const [status, response] of Object.entries(op.responses ?? {})) {
        if (response.description === 'Default Response') response.description = status === '204' ? 'Done; no content' : 'Success';
        if (status === '204') delete response.content;
      }
      for (const status of errorStatusesOf(method, url, op)) {
        op.responses ??= {};
        op.responses[status] ??= { $ref: `#/components/responses/${ERROR_RESPONSES[status]!.name}` };
      }
    }
  }
  tidySchema(doc.components.schemas);
  tidySchema(doc.paths);
  dropUnusedSchemas(doc);
  doc.tags = TAGS;
  return doc;
}

/** The @fastify/swagger options of the app. */
export function swaggerOptions(): FastifyDynamicSwaggerOptions {
  return {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Jiangxin (匠心) API',
        version: '0.1.0',
        description:
          'The API of the Jiangxin platform for trade-union industrial-workforce reform. Sign in with POST /api/auth/login: ' +
          'the answer sets the session cookie and carries the csrfToken, which every write sends as X-CSRF-Token. ' +
          'Errors always use the ErrorResponse model, translated by Accept-Language (zh-CN, en-US).',
      },
      servers: [{ url: '/', description: 'The server that serves the web app: the API lives on the same origin' }],
      components: { securitySchemes: SECURITY_SCHEMES },
    },
    transform: (input: Parameters<typeof jsonSchemaTransform>[0]) => {
      const out = jsonSchemaTransform(input);
      const route = input.route as RouteOptions & { config?: { access?: RouteAccess } };
      const methods = [route.method].flat().filter((m) => m !== 'HEAD');
      const method = methods[0] ?? 'GET';
      const url = openApiPath(out.url ?? input.url);
      // The web app's own routes (static files, client-side routes) are hidden from the document.
      if (!url.startsWith('/api/')) return out;
      return {
        ...out,
        schema: {
          ...out.schema,
          operationId: operationIdOf(method, url),
          security: securityOf(route.config?.access, method),
        } as typeof out.schema,
      };
    },
    transformObject: ({ openapiObject }: { openapiObject: Json }) => finishDocument(openapiObject) as never,
  } as FastifyDynamicSwaggerOptions;
}
