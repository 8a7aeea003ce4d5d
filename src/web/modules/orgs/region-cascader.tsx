// GB/T 2260 administrative division picker (province → city → county), loaded level by level.
import { useQueries } from '@tanstack/react-query';
import { Cascader } from 'antd';
import { useState } from 'react';
import { useT } from '../../i18n';
import { orgsApi, type Region } from './orgs-api';

interface RegionOption {
  value: string;
  label: string;
  isLeaf: boolean;
  children?: RegionOption[];
}

/** The regions below `code`, each with its own children where those are loaded. */
function optionsOf(loaded: Map<string, Region[]>, code: string): RegionOption[] {
  return (loaded.get(code) ?? []).map((r) => ({
    value: r.code,
    label: r.name,
    isLeaf: !r.hasChildren,
    children: loaded.has(r.code) ? optionsOf(loaded, r.code) : undefined,
  }));
}

/** Divisions change once a year: cached for the session. */
const regionsQuery = (parentCode: string) => ({
  queryKey: ['regions', parentCode],
  queryFn: () => orgsApi.regions(parentCode || undefined),
  staleTime: Infinity,
});

interface Props {
  id?: string;
  value?: string[];
  onChange?: (value: string[]) => void;
}

/** Form control whose value is the chain of codes; the organisation stores the last one. */
export function RegionCascader({ id, value, onChange }: Props) {
  const t = useT();
  // The provinces ('') and every level opened: at first the levels of the initial value, so that its names show.
  const [opened, setOpened] = useState<string[]>(() => ['', ...(value ?? []).slice(0, -1)]);
  const levels = useQueries({ queries: opened.map(regionsQuery) });
  const loaded = new Map<string, Region[]>();
  opened.forEach((code, i) => {
    const regions = levels[i]?.data;
    if (regions) loaded.set(code, regions);
  });
  const options = optionsOf(loaded, '');

  const loadData = (selected: RegionOption[]) => {
    const target = selected[selected.length - 1];
    if (target && !opened.includes(target.value)) setOpened((codes) => [...codes, target.value]);
  };

  return (
    <Cascader<RegionOption>
      id={id}
      options={options}
      value={value}
      onChange={(v) => onChange?.((v ?? []) as string[])}
      loadData={loadData}
      changeOnSelect
      allowClear
      showSearch={false}
      placeholder={t('org.regionPlaceholder')}
    />
  );
}
