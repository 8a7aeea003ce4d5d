// Writes the API contract files: `--json <path>` the OpenAPI document, `--types <path>` the web types.
// npm run api:generate (types + .tmp/openapi.json) · npm run api:lint (document + redocly lint).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { buildOpenApiDocument, generateWebTypes } from '../src/server/contract/document.js';

const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const jsonPath = option('--json');
const typesPath = option('--types');
if (!jsonPath && !typesPath) {
  console.error('usage: tsx scripts/openapi.ts [--json <openapi.json>] [--types <schema.d.ts>]');
  process.exit(2);
}

const doc = await buildOpenApiDocument();
const write = (path: string, text: string) => {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  console.log(`wrote ${path}`);
};
if (jsonPath) write(jsonPath, `${JSON.stringify(doc, null, 2)}\n`);
if (typesPath) write(typesPath, await generateWebTypes(doc));
