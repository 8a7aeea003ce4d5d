// The one way the web app talks to the server: same-origin JSON, the CSRF token on every write,
// the interface language in Accept-Language, and the server's error model as an ApiError.
// The types of requests and answers come from the server's OpenAPI document: api/schema.d.ts is
// generated (npm run api:generate) and the helpers below read it by operationId.
import type { components, operations } from './api/schema';

/** The server's named response shapes, e.g. Schemas['PersonView']. */
export type Schemas = components['schemas'];
export type OperationId = keyof operations;

type JsonOf<R> = R extends { content: { 'application/json': infer B } } ? B : never;
type Responses<Op extends OperationId> = operations[Op]['responses'];
type Success<Op extends OperationId> = JsonOf<Responses<Op>[Extract<keyof Responses<Op>, 200 | 201 | 202>]>;
/** What an operation answers on success (undefined when it answers 204 No Content). */
export type ResponseOf<Op extends OperationId> = [Success<Op>] extends [never] ? undefined : Success<Op>;
/** The JSON body an operation accepts. */
export type BodyOf<Op extends OperationId> = operations[Op] extends { requestBody?: { content: { 'application/json': infer B } } }
  ? B
  : never;
/** The query parameters an operation accepts. */
export type QueryOf<Op extends OperationId> = operations[Op] extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;

/**
 * A request as a form or filter bar builds it: the contract's fields, with free strings where the
 * contract lists the values (the choices come from the UI; the server checks them and names the field).
 */
export type Widen<T> = T extends string
  ? string
  : T extends readonly (infer E)[]
    ? Widen<E>[]
    : T extends object
      ? { [K in keyof T]: Widen<T[K]> }
      : T;

type ErrorResponse = Schemas['ErrorResponse'];
/** One field of a validation error: its dotted request path (e.g. "body.name"), a code, the message. */
export type FieldIssue = NonNullable<ErrorResponse['fields']>[number];
/** The server's error model; errors the client makes up itself (network_error) have no requestId. */
export type ErrorBody = Omit<ErrorResponse, 'requestId'> & { requestId?: string };

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: FieldIssue[];
  readonly requestId: string | undefined;
  /** 409 conflict of a stale write: the record as it is now (masked), with its version. */
  readonly current: Record<string, unknown> | undefined;

  constructor(body: ErrorBody) {
    super(body.message);
    this.name = 'ApiError';
    this.status = body.status;
    this.code = body.code;
    this.fields = body.fields ?? [];
    this.requestId = body.requestId;
    this.current = body.current;
  }
}

type QueryValue = string | number | boolean | null | undefined;
export type Query = Record<string, QueryValue>;

interface ClientState {
  csrfToken: string | null;
  locale: string;
  onUnauthenticated: (() => void) | null;
}

const state: ClientState = { csrfToken: null, locale: 'zh-CN', onUnauthenticated: null };

export function setCsrfToken(token: string | null): void {
  state.csrfToken = token;
}

export function setRequestLocale(locale: string): void {
  state.locale = locale;
}

/** Called when a request answers 401 unauthenticated (the session ended): the app goes to sign-in. */
export function setUnauthenticatedHandler(handler: (() => void) | null): void {
  state.onUnauthenticated = handler;
}

export function toQueryString(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

async function readError(res: Response): Promise<ApiError> {
  try {
    const body = (await res.json()) as Partial<ErrorBody>;
    if (body && typeof body.code === 'string') {
      return new ApiError({
        status: res.status,
        code: body.code,
        message: body.message ?? body.code,
        fields: body.fields,
        current: body.current,
        requestId: body.requestId,
      });
    }
  } catch {
    // not JSON: fall through to a generic error
  }
  return new ApiError({ status: res.status, code: res.status >= 500 ? 'internal' : 'http_error', message: '' });
}

export async function request<T>(method: string, path: string, body?: unknown, query?: Query): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': state.locale };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && state.csrfToken) headers['X-CSRF-Token'] = state.csrfToken;

  let res: Response;
  try {
    res = await fetch(`${path}${toQueryString(query)}`, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    // The message is chosen by the UI from the code (see shared/use-error-handler.ts).
    throw new ApiError({ status: 0, code: 'network_error', message: '' });
  }

  if (!res.ok) {
    const error = await readError(res);
    if (error.code === 'unauthenticated') state.onUnauthenticated?.();
    throw error;
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const api = {
  get: <T>(path: string, query?: Query) => request<T>('GET', path, undefined, query),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  delete: <T>(path: string) => request<T>('DELETE', path),
};

/**
 * POSTs a JSON body and saves the answer as a file (exports whose filter must not travel in a URL):
 * the file name is the server's (Content-Disposition), else `fallbackName`.
 */
export async function downloadByPost(path: string, body: unknown, fallbackName: string): Promise<void> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json', 'Accept-Language': state.locale };
  if (state.csrfToken) headers['X-CSRF-Token'] = state.csrfToken;
  let res: Response;
  try {
    res = await fetch(path, { method: 'POST', headers, credentials: 'same-origin', body: JSON.stringify(body) });
  } catch {
    throw new ApiError({ status: 0, code: 'network_error', message: '' });
  }
  if (!res.ok) {
    const error = await readError(res);
    if (error.code === 'unauthenticated') state.onUnauthenticated?.();
    throw error;
  }
  const blob = await res.blob();
  const named = /filename\*=UTF-8''([^;]+)/.exec(res.headers.get('content-disposition') ?? '');
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = named ? decodeURIComponent(named[1]!) : fallbackName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}
