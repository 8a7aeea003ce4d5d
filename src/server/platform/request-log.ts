// One log line per request. Fastify logs two by default ("incoming request", then "request
// completed"); this controller drops the first and writes the second as method, URL with its query
// string, status and time taken. The request's logger adds its id (reqId), which error responses
// also carry. Fastify's other lines (errors, 404s, deprecations) are unchanged.
// The query strings of people routes are never logged: a search there can be a full ID number (the
// web app sends that by POST, but another client may not) or other personal criteria.
import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

const PEOPLE_ROUTE = /^\/api\/people(?:[/?]|$)/;

/** The URL as logged: people routes' query strings redacted. */
export function loggedUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0 || !PEOPLE_ROUTE.test(url)) return url;
  return `${url.slice(0, q)}?[redacted]`;
}

/** pino's loggers answer this; Fastify's null logger (logging off) does not. */
type LevelAware = { isLevelEnabled?: (level: string) => boolean };

export class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, req: FastifyRequest, reply: FastifyReply): void {
    // At level warn and above (production's usual setting under load) the line is not written:
    // do not build it either.
    if (!error && (reply.log as LevelAware).isLevelEnabled?.('info') === false) return;
    const ms = Math.round(reply.elapsedTime * 10) / 10;
    const url = loggedUrl(req.url);
    const entry = { method: req.method, url, status: reply.statusCode, ms };
    const msg = `${req.method} ${url} ${reply.statusCode} ${ms} ms`;
    if (error) reply.log.error({ ...entry, err: error }, msg);
    else reply.log.info(entry, msg);
  }
}
