// Translated labels and tags for the server's enumerations (roles, kinds, levels, statuses).
import { Space, Tag } from 'antd';
import { useI18n } from '../i18n';

const KIND_COLORS: Record<string, string> = { federation: 'red', industry_union: 'volcano', member_unit: 'blue', enterprise: 'green' };

export function RoleTags({ roles }: { roles: string[] }) {
  const { label } = useI18n();
  return (
    <Space size={[0, 4]} wrap>
      {roles.map((r) => (
        <Tag key={r} color={r === 'admin' ? 'magenta' : 'geekblue'}>
          {label('role', r)}
        </Tag>
      ))}
    </Space>
  );
}

export function KindTag({ kind }: { kind: string }) {
  const { label } = useI18n();
  return <Tag color={KIND_COLORS[kind] ?? 'default'}>{label('kind', kind)}</Tag>;
}

export function OrgStatusTag({ status }: { status: string }) {
  const { t } = useI18n();
  return status === 'archived' ? (
    <Tag color="default">{t('org.status.archived')}</Tag>
  ) : (
    <Tag color="success">{t('org.status.active')}</Tag>
  );
}

export function formatDateTime(iso: string | null | undefined, locale: string): string {
  if (!iso) return '';
  return new Date(iso).toLocaleString(locale, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  });
}
