// Search by name in the user's subtree: each hit with the names of its ancestors.
import { Empty, Flex, Pagination, Spin, Typography } from 'antd';
import { useState } from 'react';
import { useT } from '../../i18n';
import { KindTag, OrgStatusTag } from '../../shared/labels';
import { QueryError } from '../../shared/query-error';
import type { OrgListItem } from './orgs-api';
import { useOrgSearch } from './orgs-queries';

const PAGE_SIZE = 20;

interface Props {
  q: string;
  selectedId: string | null;
  onPick: (org: OrgListItem) => void;
}

function ResultItem({ org, selected, onPick }: { org: OrgListItem; selected: boolean; onPick: () => void }) {
  const t = useT();
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: the row's link is the keyboard path (Enter on it clicks, and the click bubbles here); the row only widens the mouse target
    <li
      style={{
        listStyle: 'none',
        padding: '8px 10px',
        borderBottom: '1px solid #f0f0f0',
        cursor: 'pointer',
        background: selected ? '#fff1f0' : undefined,
      }}
      onClick={onPick}
    >
      <Flex align="center" gap={6} wrap>
        <a href={`/orgs/${org.id}`} onClick={(e) => e.preventDefault()}>
          {org.name}
        </a>
        <KindTag kind={org.kind} />
        {org.status === 'archived' && <OrgStatusTag status={org.status} />}
      </Flex>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {(org.pathNames ?? []).join(' / ') || t('org.search.topLevel')}
      </Typography.Text>
    </li>
  );
}

export function OrgSearchResults({ q, selectedId, onPick }: Props) {
  const t = useT();
  const [page, setPage] = useState(1);
  // The search box submits on Enter: no debounce here.
  const { data, isFetching: loading, error, refetch } = useOrgSearch(q, { page, pageSize: PAGE_SIZE, debounce: false, inPage: true });
  const items = data?.items ?? [];

  if (error) return <QueryError compact error={error} onRetry={() => void refetch()} />;
  return (
    <Flex vertical style={{ flex: 1, minHeight: 0 }}>
      <Typography.Text type="secondary" style={{ marginBottom: 4 }}>
        {t('org.search.count', { total: data?.total ?? 0 })}
      </Typography.Text>
      <Spin spinning={loading}>
        {items.length === 0 && !loading ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('org.search.none')} />
        ) : (
          <ul aria-label={t('org.search.results')} style={{ margin: 0, padding: 0, overflow: 'auto' }}>
            {items.map((org) => (
              <ResultItem key={org.id} org={org} selected={org.id === selectedId} onPick={() => onPick(org)} />
            ))}
          </ul>
        )}
      </Spin>
      {(data?.total ?? 0) > PAGE_SIZE && (
        <Pagination
          size="small"
          simple
          current={page}
          pageSize={PAGE_SIZE}
          total={data?.total ?? 0}
          onChange={setPage}
          style={{ marginTop: 8, alignSelf: 'center' }}
        />
      )}
    </Flex>
  );
}
