// Every field path a request schema accepts (`body.targets.metric`, `query.page`), for the test
// that each field of each route has a label in its module's namespace.
import type { z } from 'zod';

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  options?: z.ZodType[];
  left?: z.ZodType;
  right?: z.ZodType;
  keyType?: z.ZodType;
  valueType?: z.ZodType;
  entries?: Record<string, string>;
  getter?: () => z.ZodType;
}

const defOf = (s: z.ZodType) => (s as unknown as { _zod: { def: Def } })._zod.def;

/** Paths below `prefix` (array elements add no segment, like the labels' paths). */
export function schemaPaths(schema: z.ZodType, prefix: string, out = new Set<string>(), seen = new Set<z.ZodType>()): Set<string> {
  if (seen.has(schema)) return out;
  seen.add(schema);
  const def = defOf(schema);
  switch (def.type) {
    case 'object':
      for (const [key, child] of Object.entries(def.shape ?? (schema as z.ZodObject).shape)) {
        out.add(`${prefix}.${key}`);
        schemaPaths(child, `${prefix}.${key}`, out, seen);
      }
      break;
    case 'record': {
      const keys = def.keyType && defOf(def.keyType).type === 'enum' ? Object.values(defOf(def.keyType).entries ?? {}) : [];
      for (const key of keys) {
        out.add(`${prefix}.${key}`);
        if (def.valueType) schemaPaths(def.valueType, `${prefix}.${key}`, out, seen);
      }
      break;
    }
    case 'array':
      if (def.element) schemaPaths(def.element, prefix, out, seen);
      break;
    case 'union':
      for (const o of def.options ?? []) schemaPaths(o, prefix, out, seen);
      break;
    case 'intersection':
      if (def.left) schemaPaths(def.left, prefix, out, seen);
      if (def.right) schemaPaths(def.right, prefix, out, seen);
      break;
    case 'pipe':
      if (def.in) schemaPaths(def.in, prefix, out, seen);
      if (def.out) schemaPaths(def.out, prefix, out, seen);
      break;
    case 'lazy':
      if (def.getter) schemaPaths(def.getter(), prefix, out, seen);
      break;
    default:
      if (def.innerType) schemaPaths(def.innerType, prefix, out, seen);
  }
  return out;
}
