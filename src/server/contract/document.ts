// The API contract as files: the OpenAPI document of the app (built without listening, on an
// in-memory PGlite) and the web app's TypeScript types generated from it by openapi-typescript.
// `npm run api:generate` writes them; contract.test.ts fails when the committed types are stale.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import openapiTS from 'openapi-typescript';
import { buildApp } from '../app.js';
import { testConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { createSecretBox } from '../platform/secrets.js';

/** Where the generated web types live (committed). */
export const WEB_TYPES_PATH = 'src/web/api/schema.d.ts';
export const REGENERATE_COMMAND = 'npm run api:generate';

/** The app as the document describes it: built, not listening, on an in-memory PGlite; close() when done. */
export async function openContractApp(): Promise<{ app: FastifyInstance; close(): Promise<void> }> {
  const handle = await openDatabase({});
  const app = await buildApp({
    db: handle.db,
    dbKind: handle.kind,
    config: testConfig({ JIANGXIN_WEB_DIR: '/nonexistent' }),
    secrets: createSecretBox(randomBytes(32)),
  });
  await app.ready();
  return {
    app,
    close: async () => {
      await app.close();
      await handle.close();
    },
  };
}

/** The OpenAPI document of an app exactly as /api/docs/json serves it. */
export function openApiDocumentOf(app: FastifyInstance): Record<string, unknown> {
  return JSON.parse(JSON.stringify(app.swagger())) as Record<string, unknown>;
}

export async function buildOpenApiDocument(): Promise<Record<string, unknown>> {
  const { app, close } = await openContractApp();
  try {
    return openApiDocumentOf(app);
  } finally {
    await close();
  }
}

/** The web app's types for a document: one file, `paths` and `components` as openapi-typescript writes them. */
export async function generateWebTypes(doc: Record<string, unknown>): Promise<string> {
  const body = await openapiTS(doc as never, { exportType: false, alphabetize: false });
  return `// Generated from the server's OpenAPI document by openapi-typescript. Do not edit by hand:\n// change the server's zod schemas and run \`${REGENERATE_COMMAND}\`.\n${body}`;
}
