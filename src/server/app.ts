// Builds the Fastify app: platform plugins, then each domain module. No listen(), so tests inject.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { domainModule, installHttpPlatform, type AppDeps } from './platform/http.js';
import { swaggerOptions } from './platform/openapi.js';
import { nameApiComponents } from './contract/components.js';
import { installInputGuard } from './platform/input-guard.js';
import { OneLinePerRequest } from './platform/request-log.js';
import { installSecurityHeaders } from './platform/security-headers.js';
import { auditRoutes } from './modules/audit/audit.routes.js';
import { authRoutes } from './modules/auth/auth.routes.js';
import { dashboardModule } from './modules/dashboard/dashboard.module.js';
import { healthRoutes } from './modules/health/health.routes.js';
import { orgRoutes } from './modules/orgs/orgs.routes.js';
import { notificationsModule } from './modules/notifications/notifications.module.js';
import { peopleModule } from './modules/people/people.module.js';
import { tasksModule } from './modules/tasks/tasks.module.js';
import { proposalsModule } from './modules/proposals/proposals.module.js';
import { proposalsMessages } from './modules/proposals/proposals.messages.js';
import { userRoutes } from './modules/users/users.routes.js';
import { authMessages } from './modules/auth/auth.messages.js';
import { orgsMessages } from './modules/orgs/orgs.messages.js';
import { usersMessages } from './modules/users/users.messages.js';
import { auditMessages } from './modules/audit/audit.messages.js';
import { peopleMessages } from './modules/people/people.messages.js';
import { notificationsMessages } from './modules/notifications/notifications.messages.js';
import { tasksMessages } from './modules/tasks/tasks.messages.js';
import { dashboardMessages } from './modules/dashboard/dashboard.messages.js';
import { newsModule } from './modules/news/news.module.js';
import { newsMessages } from './modules/news/news.messages.js';
import { rewritePortalHost } from './modules/news/portal-hosts.js';
import { fieldworkModule } from './modules/fieldwork/fieldwork.module.js';
import { fieldworkMessages } from './modules/fieldwork/fieldwork.messages.js';
import { innovationModule } from './modules/innovation/innovation.module.js';
import { innovationMessages } from './modules/innovation/innovation.messages.js';
import { industryMessages } from './modules/industry/industry.messages.js';
import { industryRoutes } from './modules/industry/industry.routes.js';

/** Every domain module with its messages (whose namespace names its routes' fields), in one list: adding a module is one line here. */
export const modules = [
  domainModule({ namespace: 'common' }, healthRoutes),
  domainModule(authMessages, authRoutes),
  domainModule(orgsMessages, orgRoutes),
  domainModule(usersMessages, userRoutes),
  domainModule(auditMessages, auditRoutes),
  domainModule(peopleMessages, peopleModule),
  domainModule(notificationsMessages, notificationsModule),
  domainModule(tasksMessages, tasksModule),
  domainModule(dashboardMessages, dashboardModule),
  domainModule(newsMessages, newsModule),
  domainModule(fieldworkMessages, fieldworkModule),
  domainModule(innovationMessages, innovationModule),
  domainModule(industryMessages, industryRoutes),
  domainModule(proposalsMessages, proposalsModule),
];

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.config.LOG_LEVEL === 'silent' ? false : { level: deps.config.LOG_LEVEL },
    trustProxy: deps.config.JIANGXIN_TRUST_PROXY,
    bodyLimit: 1024 * 1024,
    return503OnClosing: true,
    genReqId: () => crypto.randomUUID(),
    rewriteUrl: rewritePortalHost, // a portal's own host name serves it at `/` (news module)
    logController: new OneLinePerRequest(), // one log line per request, not two
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(fastifyCookie);
  await installSecurityHeaders(app, { https: deps.config.JIANGXIN_COOKIE_SECURE });
  // operationIds, security, error responses and component names: platform/openapi.ts.
  nameApiComponents();
  await app.register(fastifySwagger, swaggerOptions());
  // The docs page brings its own inline script (its plugin sends a policy with the script's hash) and
  // inline styles; it may not be framed either.
  await app.register(fastifySwaggerUi, {
    routePrefix: '/api/docs',
    staticCSP: true,
    transformStaticCSP: (h) =>
      h
        .replace(/style-src [^;]*/, "style-src 'self' 'unsafe-inline'")
        .replace(/font-src [^;]*/, "font-src 'self' data:")
        .replace("frame-ancestors 'self'", "frame-ancestors 'none'")
        .replace(/ ?upgrade-insecure-requests;?/, ''),
  });

  installHttpPlatform(app, deps);
  installInputGuard(app);
  for (const mod of modules) await mod(app, deps);

  const webDir = resolve(deps.config.JIANGXIN_WEB_DIR);
  if (existsSync(resolve(webDir, 'index.html'))) {
    // The page names the build's hashed files, so it is checked again on every load (no-cache);
    // the hashed files themselves never change.
    await app.register(fastifyStatic, {
      root: webDir,
      wildcard: false,
      index: ['index.html'],
      setHeaders: (reply, path) => {
        if (path.endsWith('index.html')) reply.header('cache-control', 'no-cache');
      },
    });
    // Client-side routes (/orgs/12, /users …) all load the single-page app. A file that is not
    // there (an asset of an older build, /favicon.ico) is a 404, not the app's page in its place.
    app.get('/*', { config: {}, schema: { hide: true } }, (req, reply) => {
      if (req.url.startsWith('/api/') || looksLikeFile(req.url)) return reply.callNotFound();
      return reply.sendFile('index.html');
    });
  }
  return app;
}

/** /assets/index-1a2b.js, /favicon.ico: a last path segment with an extension. */
function looksLikeFile(url: string): boolean {
  const path = url.split('?')[0]!;
  return /\.[A-Za-z0-9]{1,8}$/.test(path.slice(path.lastIndexOf('/') + 1));
}
