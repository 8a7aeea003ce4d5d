// Multi-select of roles, offering only the roles the signed-in user may grant.
import { Select } from 'antd';
import { useI18n } from '../../i18n';
import { useMeta } from '../../shared/meta';

interface Props {
  id?: string;
  value?: string[];
  onChange?: (value: string[]) => void;
}

export function RoleSelect({ id, value, onChange }: Props) {
  const { label, t } = useI18n();
  const meta = useMeta();
  const grantable = meta?.grantableRoles ?? [];
  // Roles already held but not grantable are shown (so they read properly) and cannot be added.
  const names = [...new Set([...grantable, ...(value ?? [])])];
  return (
    <Select
      id={id}
      mode="multiple"
      value={value}
      onChange={onChange}
      loading={!meta}
      placeholder={t('user.rolesPlaceholder')}
      options={names.map((r) => ({ value: r, label: label('role', r), disabled: !grantable.includes(r) }))}
    />
  );
}
