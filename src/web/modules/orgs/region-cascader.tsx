// GB/T 2260 administrative division picker (province → city → county), loaded level by level.
import { Cascader } from 'antd';
import { useEffect, useState } from 'react';
import { useT } from '../../i18n';
import { orgsApi, type Region } from './orgs-api';

interface RegionOption {
  value: string;
  label: string;
  isLeaf: boolean;
  children?: RegionOption[];
}

const toOption = (r: Region): RegionOption => ({ value: r.code, label: r.name, isLeaf: !r.hasChildren });

function withChildren(options: RegionOption[], code: string, children: RegionOption[]): RegionOption[] {
  return options.map((o) =>
    o.value === code ? { ...o, children } : o.children ? { ...o, children: withChildren(o.children, code, children) } : o,
  );
}

interface Props {
  id?: string;
  value?: string[];
  onChange?: (value: string[]) => void;
}

/** Form control whose value is the chain of codes; the organisation stores the last one. */
export function RegionCascader({ id, value, onChange }: Props) {
  const t = useT();
  const [options, setOptions] = useState<RegionOption[]>([]);

  // Provinces, plus the levels of the initial value so that its names show.
  useEffect(() => {
    let live = true;
    void (async () => {
      let opts = (await orgsApi.regions()).map(toOption);
      for (const code of (value ?? []).slice(0, -1)) {
        opts = withChildren(opts, code, (await orgsApi.regions(code)).map(toOption));
      }
      if (live) setOptions(opts);
    })().catch(() => undefined);
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const loadData = (selected: RegionOption[]) => {
    const target = selected[selected.length - 1];
    if (!target) return;
    void orgsApi.regions(target.value).then((rs) => setOptions((opts) => withChildren(opts, target.value, rs.map(toOption))));
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

