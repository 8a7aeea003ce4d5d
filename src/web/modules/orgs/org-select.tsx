// Pick an organisation of the user's subtree by typing part of its name (searched once typing pauses).
import { Select, Spin, Typography } from 'antd';
import { useState, type CSSProperties } from 'react';
import { useT } from '../../i18n';
import type { OrgListItem } from './orgs-api';
import { useOrgSearch } from './orgs-queries';

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
  /** The accessible name; by default, outside a labelled form field (no `id`), the placeholder. */
  'aria-label'?: string;
}

const toOption = (o: OrgListItem): Option => ({ value: o.id, label: o.name, path: (o.pathNames ?? []).join(' / ') });

export function OrgSelect({
  id,
  value,
  onChange,
  initial = [],
  exclude = [],
  placeholder,
  allowClear,
  style,
  'aria-label': ariaLabel,
}: Props) {
  const t = useT();
  // The last text typed: cleared search boxes (after a pick) keep the options of the last search.
  const [text, setText] = useState('');
  const search = useOrgSearch(text);
  const options = search.data ? search.data.items.map(toOption) : initial.map((o) => ({ value: o.id, label: o.name, path: '' }));
  const onSearch = (typed: string) => {
    if (typed.trim()) setText(typed);
  };

  const shownPlaceholder = placeholder ?? t('org.select.placeholder');
  return (
    <Select<string, Option>
      id={id}
      aria-label={ariaLabel ?? (id ? undefined : shownPlaceholder)}
      value={value}
      onChange={(v) => onChange?.(v)}
      showSearch={{ filterOption: false, onSearch }}
      allowClear={allowClear}
      placeholder={shownPlaceholder}
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
