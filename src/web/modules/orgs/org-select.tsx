// Pick an organisation of the user's subtree by typing part of its name.
import { Select, Spin, Typography } from 'antd';
import { useEffect, useRef, useState, type CSSProperties } from 'react';
import { useT } from '../../i18n';
import { orgsApi, type OrgListItem } from './orgs-api';

interface Option {
  value: string;
  label: string;
  path: string;
}

interface Props {
  id?: string;
  value?: string;
  onChange?: (value: string | undefined) => void;
  /** Shown before anything is typed (e.g. the current organisation). */
  initial?: { id: string; name: string }[];
  /** Ids that cannot be picked (e.g. the organisation being moved). */
  exclude?: string[];
  placeholder?: string;
  allowClear?: boolean;
  style?: CSSProperties;
}

const toOption = (o: OrgListItem): Option => ({ value: o.id, label: o.name, path: (o.pathNames ?? []).join(' / ') });

export function OrgSelect({ id, value, onChange, initial = [], exclude = [], placeholder, allowClear, style }: Props) {
  const t = useT();
  const [options, setOptions] = useState<Option[]>(() => initial.map((o) => ({ value: o.id, label: o.name, path: '' })));
  const [searching, setSearching] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const seq = useRef(0);

  useEffect(() => () => clearTimeout(timer.current), []);

  const onSearch = (text: string) => {
    clearTimeout(timer.current);
    const q = text.trim();
    if (!q) return;
    timer.current = setTimeout(() => {
      const mine = ++seq.current;
      setSearching(true);
      orgsApi
        .search(q, 1, 30)
        .then((res) => mine === seq.current && setOptions(res.items.map(toOption)))
        .catch(() => undefined)
        .finally(() => mine === seq.current && setSearching(false));
    }, 250);
  };

  return (
    <Select<string, Option>
      id={id}
      value={value}
      onChange={(v) => onChange?.(v)}
      showSearch={{ filterOption: false, onSearch }}
      allowClear={allowClear}
      placeholder={placeholder ?? t('org.select.placeholder')}
      notFoundContent={searching ? <Spin size="small" /> : t('org.select.typeToSearch')}
      options={options.map((o) => ({ ...o, disabled: exclude.includes(o.value) }))}
      optionRender={(o) => (
        <div>
          <div>{o.data.label}</div>
          {o.data.path && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{o.data.path}</Typography.Text>}
        </div>
      )}
      style={style ?? { width: '100%' }}
    />
  );
}
