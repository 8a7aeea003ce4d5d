// Pick several organisations of the user's subtree by typing part of their names (co-units, the
// units of a hand-down). Optionally offers the direct sub-units of one organisation before typing.
import { Select, Spin, Typography } from 'antd';
import { useState, type CSSProperties } from 'react';
import { useT } from '../../i18n';
import type { OrgListItem } from '../orgs/orgs-api';
import { useOrgChildren, useOrgSearch } from '../orgs/orgs-queries';

interface Option {
  value: string;
  label: string;
  path: string;
}

interface Props {
  id?: string;
  value?: string[];
  onChange?: (value: string[]) => void;
  /** Options known before typing (e.g. the current co-units). */
  initial?: { id: string; name: string }[];
  /** Loads this organisation's direct sub-units as the first options. */
  childrenOf?: string;
  /** Further options offered before typing (an industry union's affiliated enterprises). */
  offer?: { id: string; name: string; path: string }[];
  exclude?: string[];
  placeholder?: string;
  style?: CSSProperties;
  /** Reports the names of the chosen options (for tables built from the choice). */
  onOptions?: (names: Record<string, string>) => void;
}

const toOption = (o: OrgListItem): Option => ({ value: o.id, label: o.name, path: (o.pathNames ?? []).join(' / ') });

export function OrgMultiSelect({
  id,
  value,
  onChange,
  initial = [],
  childrenOf,
  offer = [],
  exclude = [],
  placeholder,
  style,
  onOptions,
}: Props) {
  const t = useT();
  // The chosen organisations, so that their labels stay whatever the current search shows.
  const [chosen, setChosen] = useState<Option[]>(() => initial.map((o) => ({ value: o.id, label: o.name, path: '' })));
  const [text, setText] = useState('');
  const search = useOrgSearch(text);
  const children = useOrgChildren(childrenOf);
  const offered =
    text && search.data
      ? search.data.items.map(toOption)
      : [...(children.data?.items ?? []).map(toOption), ...offer.map((o) => ({ value: o.id, label: o.name, path: o.path }))];
  const options = [...chosen.filter((c) => (value ?? []).includes(c.value) && !offered.some((o) => o.value === c.value)), ...offered];

  const change = (ids: string[], picked: Option | Option[] | undefined) => {
    const list = Array.isArray(picked) ? picked : picked ? [picked] : [];
    const next = ids.map((v) => list.find((o) => o.value === v) ?? chosen.find((o) => o.value === v) ?? { value: v, label: v, path: '' });
    setChosen(next);
    onOptions?.(Object.fromEntries(next.map((o) => [o.value, o.label])));
    onChange?.(ids);
  };

  return (
    <Select<string[], Option>
      id={id}
      mode="multiple"
      value={value ?? []}
      onChange={change}
      showSearch={{
        filterOption: false,
        onSearch: (typed) => {
          if (typed.trim()) setText(typed);
        },
      }}
      placeholder={placeholder ?? t('org.select.placeholder')}
      notFoundContent={search.searching ? <Spin size="small" /> : t('org.select.typeToSearch')}
      options={options.map((o) => ({ ...o, disabled: exclude.includes(o.value) }))}
      optionRender={(o) => (
        <div>
          <div>{o.data.label}</div>
          {o.data.path && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {o.data.path}
            </Typography.Text>
          )}
        </div>
      )}
      style={style ?? { width: '100%' }}
    />
  );
}
