// GET /api/meta: roles, the roles the caller may grant, organisation kinds and levels. Loaded once per session.
import { useEffect, useState } from 'react';
import { api, type Schemas } from '../api';

export type Meta = Schemas['AccessMeta'];

let cache: Promise<Meta> | null = null;

export function clearMetaCache(): void {
  cache = null;
}

export function loadMeta(): Promise<Meta> {
  cache ??= api.get<Meta>('/api/meta').catch((err: unknown) => {
    cache = null;
    throw err;
  });
  return cache;
}

export function useMeta(): Meta | null {
  const [meta, setMeta] = useState<Meta | null>(null);
  useEffect(() => {
    let live = true;
    loadMeta().then((m) => live && setMeta(m), () => undefined);
    return () => {
      live = false;
    };
  }, []);
  return meta;
}
