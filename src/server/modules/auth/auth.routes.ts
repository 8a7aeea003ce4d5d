// Sign-in, sign-out, own password, TOTP and preferences.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf, type AppDeps } from '../../platform/http.js';
import { cookieOptions, SESSION_COOKIE } from '../../platform/sessions.js';
import { registerAuthHousekeeping } from './auth.jobs.js';
import * as s from './auth.schemas.js';
import * as service from './auth.service.js';

const tags = ['auth'];
const noContent = { 204: z.null() };

export async function authRoutes(root: FastifyInstance, deps: AppDeps) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  registerAuthHousekeeping(deps.config);

  app.post(
    '/api/auth/login',
    {
      schema: {
        tags,
        summary: 'Sign in with username and password (and a TOTP code when enrolled)',
        body: s.loginBody,
        response: { 200: s.sessionView },
      },
      config: { access: { public: true } },
    },
    async (req, reply) => {
      const { token, body } = await service.login(deps, req.body, {
        ip: req.ip,
        userAgent: req.headers['user-agent'] ?? null,
        requestId: req.id,
      });
      reply.setCookie(SESSION_COOKIE, token, cookieOptions(deps.config));
      return body;
    },
  );

  app.post(
    '/api/auth/logout',
    {
      schema: { tags, summary: 'Sign out (ends this session)', response: noContent },
      config: { access: { duringSetup: true } },
    },
    async (req, reply) => {
      await service.logout(contextOf(req, deps));
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/auth/me',
    {
      schema: { tags, summary: 'The signed-in user and the CSRF token of the session', response: { 200: s.sessionView } },
      config: { access: { duringSetup: true } },
    },
    (req) => service.me(contextOf(req, deps)),
  );

  app.post(
    '/api/auth/password',
    {
      schema: { tags, summary: 'Change the own password; ends the other sessions', body: s.passwordBody, response: noContent },
      config: { access: { duringSetup: true } },
    },
    async (req, reply) => {
      await service.changePassword(contextOf(req, deps), req.body.currentPassword, req.body.newPassword);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/auth/totp/setup',
    {
      schema: { tags, summary: 'Start TOTP enrolment: a new secret to scan', response: { 200: s.totpSetupView } },
      config: { access: { duringSetup: true } },
    },
    (req) => service.setupTotp(contextOf(req, deps)),
  );

  app.post(
    '/api/auth/totp/enable',
    {
      schema: { tags, summary: 'Finish TOTP enrolment with a code from the app', body: s.totpCodeBody, response: noContent },
      config: { access: { duringSetup: true } },
    },
    async (req, reply) => {
      await service.enableTotp(contextOf(req, deps), req.body.code);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/auth/totp/disable',
    {
      schema: { tags, summary: 'Turn TOTP off (not allowed for system admins when required)', body: s.totpCodeBody, response: noContent },
      config: { access: {} },
    },
    async (req, reply) => {
      await service.disableTotp(contextOf(req, deps), req.body.code);
      return reply.status(204).send(null);
    },
  );

  app.patch(
    '/api/auth/preferences',
    {
      schema: { tags, summary: 'Save the interface language', body: s.preferencesBody, response: noContent },
      config: { access: { duringSetup: true } },
    },
    async (req, reply) => {
      await service.setPreferences(contextOf(req, deps), req.body.locale);
      return reply.status(204).send(null);
    },
  );
}
