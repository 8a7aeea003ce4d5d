// A route's response written by a serializer compiled from its JSON schema (fast-json-stringify, as
// Fastify does by default), for hot read routes where the zod pass (encode, then JSON.stringify)
// cost more than the query. The zod schema stays the one source: its JSON schema is derived once at
// start-up, and it is still the allow-list (fields it does not name are not written) and still
// checks that every required field is there. It no longer checks values against enums: the rows come
// from the database's own constrained columns.
import fastJson from 'fast-json-stringify';
import { z } from 'zod';

type JsonSchema = Record<string, unknown>;

/** `anyOf` of plain types (a nullable enum) as one `type` list: fast-json-stringify then need not try each branch. */
function simplify(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(simplify);
  if (!node || typeof node !== 'object') return node;
  const out: JsonSchema = {};
  for (const [k, v] of Object.entries(node)) if (k !== '$schema') out[k] = simplify(v);
  const anyOf = out.anyOf as JsonSchema[] | undefined;
  if (anyOf?.every((b) => typeof b.type === 'string' && Object.keys(b).every((k) => k === 'type' || k === 'enum'))) {
    delete out.anyOf;
    out.type = [...new Set(anyOf.map((b) => b.type as string))];
  }
  delete out.enum; // not checked by the serializer either way
  return out;
}

/** The JSON schema fast-json-stringify compiles, from a response's zod schema (exported for its test). */
export function serializerSchema(schema: z.ZodType): JsonSchema {
  return simplify(z.toJSONSchema(schema, { target: 'draft-7', io: 'output' })) as JsonSchema;
}

/** Route option `serializerCompiler`: the route's zod response schemas compiled once into writers. */
export function compiledSerializer({ schema }: { schema: unknown }): (data: unknown) => string {
  return fastJson(serializerSchema(schema as z.ZodType));
}
