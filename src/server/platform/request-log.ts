// One log line per request. Fastify logs two by default ("incoming request", then "request
// completed"); this controller drops the first and writes the second as method, URL with its query
// string, status and time taken. The request's logger adds its id (reqId), which error responses
// also carry. Fastify's other lines (errors, 404s, deprecations) are unchanged.
import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

export class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, req: FastifyRequest, reply: FastifyReply): void {
    const ms = Math.round(reply.elapsedTime * 10) / 10;
    const entry = { method: req.method, url: req.url, status: reply.statusCode, ms };
    const msg = `${req.method} ${req.url} ${reply.statusCode} ${ms} ms`;
    if (error) reply.log.error({ ...entry, err: error }, msg);
    else reply.log.info(entry, msg);
  }
}
