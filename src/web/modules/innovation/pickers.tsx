// Pickers of the innovation forms: a person of the registry by name (searched once typing pauses),
// and the organisation (the user's own first).
import { useQuery } from '@tanstack/react-query';
import { Select, Spin } from 'antd';
import { useState } from 'react';
import { api, type ResponseOf } from '../../api';
import { useSession } from '../../session';
import { useDebouncedValue } from '../../shared/use-debounced-value';
import { OrgSelect } from '../orgs/org-select';

interface PersonSelectProps {
  id?: string;
  value?: string;
  onChange?: (value: string | undefined) => void;
  placeholder?: string;
}

export function PersonSelect({ id, value, onChange, placeholder }: PersonSelectProps) {
  const [text, setText] = useState('');
  const q = useDebouncedValue(text.trim(), 300);
  const search = useQuery({
    queryKey: ['people', 'pick', q],
    queryFn: () => api.get<ResponseOf<'listPeople'>>('/api/people', { q, pageSize: 20 }),
    enabled: q.length > 0,
  });
  return (
    <Select<string>
      id={id}
      value={value}
      onChange={(v) => onChange?.(v)}
      showSearch={{ filterOption: false, onSearch: (typed) => typed.trim() && setText(typed) }}
      placeholder={placeholder}
      notFoundContent={search.isFetching ? <Spin size="small" /> : null}
      options={(search.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.name} · ${p.orgName}` }))}
      style={{ width: '100%' }}
    />
  );
}

export function OwnOrgSelect({ id, value, onChange }: { id?: string; value?: string; onChange?: (v: string | undefined) => void }) {
  const { user } = useSession();
  return <OrgSelect id={id} value={value} onChange={onChange} initial={user ? [{ id: user.orgId, name: user.orgName }] : []} />;
}
