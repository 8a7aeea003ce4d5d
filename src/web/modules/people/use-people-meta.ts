// The registry's reference data, loaded once per page load.
import { useEffect, useState } from 'react';
import { peopleApi, type PeopleMeta } from './people-api';

let cached: Promise<PeopleMeta> | undefined;

export function usePeopleMeta(): PeopleMeta | undefined {
  const [meta, setMeta] = useState<PeopleMeta>();
  useEffect(() => {
    cached ??= peopleApi.meta().catch((err) => { cached = undefined; throw err; });
    cached.then(setMeta, () => undefined);
  }, []);
  return meta;
}
