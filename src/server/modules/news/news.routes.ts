// News desk routes: thin — schema, access rule, one service call. Who may act on an article is
// decided in news.policy.ts and declared here next to the permission. The public portal (no login,
// server-rendered HTML) is portal.routes.ts.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Readable } from 'node:stream';
import { contextOf, type AppDeps } from '../../platform/http.js';
import * as images from './images.service.js';
import { articleOf, articlePolicy } from './news.policy.js';
import * as s from './news.schemas.js';
import * as news from './news.service.js';

const tags = ['news'];
const byOrgQuery = { from: 'query', key: 'orgId', entity: 'organisation' } as const;
const byOrgBody = { from: 'body', key: 'orgId', entity: 'organisation' } as const;

export async function newsRoutes(root: FastifyInstance, deps: AppDeps) {
  // The raw-body image upload: the type is sniffed by the image library, never trusted.
  await root.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_req, payload, done) => done(null, payload));
    scope.withTypeProvider<ZodTypeProvider>().post(
      '/api/news/images',
      {
        bodyLimit: images.MAX_IMAGE_BYTES,
        schema: {
          tags,
          summary: 'Upload a photo (raw request body; jpeg, png or webp; re-encoded into responsive sizes, metadata stripped)',
          querystring: s.imageUploadQuery,
          response: { 201: s.imageView },
        },
        config: { access: { permission: 'news.write', scope: [byOrgQuery] } },
      },
      async (req, reply) =>
        reply
          .status(201)
          .send(
            await images.uploadImage(
              contextOf(req, deps),
              req.scoped.organisation,
              req.query.alt,
              req.body as Readable,
              req.headers['content-length'],
            ),
          ),
    );
  });

  const app = root.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/api/news/articles',
    {
      schema: {
        tags,
        summary: 'Articles of the subtree, newest first',
        querystring: s.listArticlesQuery,
        response: { 200: s.articleList },
      },
      config: { access: { permission: 'news.read', scope: [byOrgQuery] } },
    },
    (req) => news.listArticles(contextOf(req, deps), req.query, req.scoped.organisation),
  );

  app.post(
    '/api/news/articles',
    {
      schema: {
        tags,
        summary: 'Write an article (a draft; the body is sanitised)',
        body: s.createArticleBody,
        response: { 201: s.articleView },
      },
      config: { access: { permission: 'news.write', scope: [byOrgBody] } },
    },
    async (req, reply) => reply.status(201).send(await news.createArticle(contextOf(req, deps), req.body, req.scoped.organisation)),
  );

  app.post(
    '/api/news/articles/from-record',
    {
      schema: {
        tags,
        summary: "Draft an article from a visit or a meeting (the genre's template over the record's facts)",
        body: s.fromRecordBody,
        response: { 201: s.articleView },
      },
      config: { access: { permission: 'news.write' } },
    },
    async (req, reply) => reply.status(201).send(await news.draftFromRecord(contextOf(req, deps), req.body)),
  );

  app.get(
    '/api/news/articles/:id',
    {
      schema: {
        tags,
        summary: 'One article with its reviews and what the caller may do',
        params: s.idParam,
        response: { 200: s.articleView },
      },
      config: { access: { permission: 'news.read', policy: articlePolicy('read') } },
    },
    (req) => news.getArticle(contextOf(req, deps), articleOf(req).id),
  );

  app.patch(
    '/api/news/articles/:id',
    {
      schema: {
        tags,
        summary: 'Save a draft or returned article (a new version; stale versions answer 409)',
        params: s.idParam,
        body: s.updateArticleBody,
        response: { 200: s.articleView },
      },
      config: { access: { permission: 'news.write', policy: articlePolicy('edit') } },
    },
    (req) => news.updateArticle(contextOf(req, deps), articleOf(req), req.body),
  );

  app.get(
    '/api/news/articles/:id/versions',
    {
      schema: { tags, summary: 'Every saved version of an article', params: s.idParam, response: { 200: s.versionList } },
      config: { access: { permission: 'news.read', policy: articlePolicy('read') } },
    },
    (req) => news.listVersions(contextOf(req, deps), articleOf(req)),
  );

  app.get(
    '/api/news/articles/:id/diff',
    {
      schema: {
        tags,
        summary: 'What changed between two versions, field by field',
        params: s.idParam,
        querystring: s.diffQuery,
        response: { 200: s.diffView },
      },
      config: { access: { permission: 'news.read', policy: articlePolicy('read') } },
    },
    (req) => news.diffVersions(contextOf(req, deps), articleOf(req), req.query),
  );

  app.get(
    '/api/news/articles/:id/check',
    {
      schema: {
        tags,
        summary: 'Confidentiality check: ID numbers, phone numbers and names of non-public registry people in the text and captions',
        params: s.idParam,
        response: { 200: s.flagList },
      },
      config: { access: { permission: 'news.read', policy: articlePolicy('read') } },
    },
    (req) => news.checkArticle(contextOf(req, deps), articleOf(req)),
  );

  app.post(
    '/api/news/articles/:id/submit',
    {
      schema: {
        tags,
        summary: 'Send a draft or returned article to first review (一审)',
        params: s.idParam,
        response: { 200: s.articleView },
      },
      config: { access: { permission: 'news.write', policy: articlePolicy('edit') } },
    },
    (req) => news.submitArticle(contextOf(req, deps), articleOf(req)),
  );

  app.post(
    '/api/news/articles/:id/review',
    {
      schema: {
        tags,
        summary:
          'Pass or return the article at its review step (一审, 二审, 三审; the sign-off clears every confidentiality flag and publishes)',
        params: s.idParam,
        body: s.reviewBody,
        response: { 200: s.articleView },
      },
      config: { access: { permission: 'news.read', policy: articlePolicy('review') } },
    },
    (req) => news.reviewArticle(contextOf(req, deps), articleOf(req), req.body),
  );

  app.post(
    '/api/news/articles/:id/correct',
    {
      schema: {
        tags,
        summary: 'Correct a published article (更正): a visible dated note',
        params: s.idParam,
        body: s.correctBody,
        response: { 200: s.articleView },
      },
      config: { access: { permission: 'news.review3', policy: articlePolicy('correct') } },
    },
    (req) => news.correctArticle(contextOf(req, deps), articleOf(req), req.body),
  );

  app.post(
    '/api/news/articles/:id/withdraw',
    {
      schema: {
        tags,
        summary: 'Withdraw a published article (撤稿): its page answers 410 with a dated note',
        params: s.idParam,
        body: s.noteBody,
        response: { 200: s.articleView },
      },
      config: { access: { permission: 'news.review3', policy: articlePolicy('correct') } },
    },
    (req) => news.withdrawArticle(contextOf(req, deps), articleOf(req), req.body),
  );

  app.get(
    '/api/news/templates',
    {
      schema: {
        tags,
        summary: 'The drafting templates in force for an organisation (its own, the nearest above, or the default)',
        querystring: s.templatesQuery,
        response: { 200: s.templateList },
      },
      config: { access: { permission: 'news.read', scope: [byOrgQuery] } },
    },
    (req) => news.getTemplates(contextOf(req, deps), req.scoped.organisation),
  );

  app.put(
    '/api/news/templates',
    {
      schema: {
        tags,
        summary: "Set a federation's drafting template for a genre (checked when saved)",
        body: s.templateBody,
        response: { 200: s.templateList },
      },
      config: { access: { permission: 'orgs.write', scope: [byOrgBody] } },
    },
    (req) => news.saveTemplate(contextOf(req, deps), req.body, req.scoped.organisation),
  );

  app.get(
    '/api/news/portal',
    {
      schema: {
        tags,
        summary: "A federation's public portal settings (default: the caller's organisation)",
        querystring: s.portalQuery,
        response: { 200: s.portalOrNone },
      },
      config: { access: { permission: 'news.read', scope: [byOrgQuery] } },
    },
    (req) => news.getPortal(contextOf(req, deps), req.scoped.organisation),
  );

  app.put(
    '/api/news/portal',
    {
      schema: {
        tags,
        summary: 'Set up or change a federation portal: path, name, ICP number, copyright, report hotline',
        body: s.portalBody,
        response: { 200: s.portalOrNone },
      },
      config: { access: { permission: 'orgs.write', scope: [byOrgBody] } },
    },
    (req) => news.savePortal(contextOf(req, deps), req.body, req.scoped.organisation!),
  );
}
