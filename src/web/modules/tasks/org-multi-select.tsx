// Pick several organisations of the user's subtree by typing part of their names (co-units, the
// units of a hand-down). Optionally offers the direct sub-units of one organisation before typing.
import { Select, Spin, Typography } from 'antd';
import { useEffect, useRef, useState, type CSSProperties } from 'react';
import { useT } from '../../i18n';
import { orgsApi, type OrgListItem } from '../orgs/orgs-api';

interface Option { value: string; label: string; path: string }

interface Props {
  id?: string;
  value?: string[];
  onChange?: (value: string[]) => void;
  /** Options known before typing (e.g. the current co-units). */
  initial?: { id: string; name: string }[];
  /** Loads this organisation's direct sub-units as the first options. */
  childrenOf?: string;
  exclude?: string[];
  placeholder?: string;
  style?: CSSProperties;
  /** Reports the names of the chosen options (for tables built from the choice). */
  onOptions?: (names: Record<string, string>) => void;
}

const toOption = (o: OrgListItem): Option => ({ value: o.id, label: o.name, path: (o.pathNames ?? []).join(' / ') });

export function OrgMultiSelect({ id, value, onChange, initial = [], childrenOf, exclude = [], placeholder, style, onOptions }: Props) {
  const t = useT();
  const [options, setOptions] = useState<Option[]>(() => initial.map((o) => ({ value: o.id, label: o.name, path: '' })));
  const known = useRef(new Map<string, string>(initial.map((o) => [o.id, o.name])));
  const [searching, setSearching] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const seq = useRef(0);

  const remember = (list: Option[]) => {
    for (const o of list) known.current.set(o.value, o.label);
    onOptions?.(Object.fromEntries(known.current));
  };

  useEffect(() => () => clearTimeout(timer.current), []);
  useEffect(() => {
    if (!childrenOf) return;
    let live = true;
    orgsApi.children(childrenOf, 1, 200, false).then((res) => {
      if (!live) return;
      const list = res.items.map(toOption);
      remember(list);
      setOptions((prev) => [...prev.filter((p) => !list.some((l) => l.value === p.value)), ...list]);
    }, () => undefined);
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [childrenOf]);

  const onSearch = (text: string) => {
    clearTimeout(timer.current);
    const q = text.trim();
    if (!q) return;
    timer.current = setTimeout(() => {
      const mine = ++seq.current;
      setSearching(true);
      orgsApi
        .search(q, 1, 30)
        .then((res) => {
          if (mine !== seq.current) return;
          const list = res.items.map(toOption);
          remember(list);
          // Keep the chosen ones so their labels stay.
          setOptions((prev) => [...prev.filter((p) => (value ?? []).includes(p.value) && !list.some((l) => l.value === p.value)), ...list]);
        })
        .catch(() => undefined)
        .finally(() => mine === seq.current && setSearching(false));
    }, 250);
  };

  return (
    <Select<string[], Option>
      id={id}
      mode="multiple"
      value={value ?? []}
      onChange={(v) => onChange?.(v)}
      showSearch={{ filterOption: false, onSearch }}
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
