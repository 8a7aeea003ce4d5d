// Organisations: the tree (or search results) beside the detail of the selected organisation.
import { App, Card, Flex, Input, Switch, Tooltip, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { useT } from '../../i18n';
import { useSession } from '../../session';
import { QueryError } from '../../shared/query-error';
import { OrgDetailEmpty, OrgDetailPane, type OrgChangeHandlers } from './org-detail';
import { OrgSearchResults } from './org-search-results';
import { OrgTreeView } from './org-tree';
import type { OrgDetail } from './orgs-api';
import { useOrgTree } from './use-org-tree';

export function OrgsPage() {
  const t = useT();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { id } = useParams();
  const { user } = useSession();
  // Without an id in the address the user's own organisation is shown.
  const selectedId = id ?? user?.orgId ?? null;
  const [q, setQ] = useState('');
  const [includeArchived, setIncludeArchived] = useState(false);
  const [scrollTarget, setScrollTarget] = useState<string | null>(null);
  const [toReveal, setToReveal] = useState<OrgDetail | null>(null);
  const tree = useOrgTree(includeArchived);
  const { loadRoots, reveal, refreshNode, patch, setExpandedKeys } = tree;
  const rootsReady = tree.treeData.length > 0 && !tree.loading;

  // The tree's first level, loaded again when the archived switch changes; a failure shows in its place.
  const [rootsError, setRootsError] = useState<unknown>(null);
  const loadTree = useCallback(() => {
    setRootsError(null);
    loadRoots().catch(setRootsError);
  }, [loadRoots]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: includeArchived is the trigger: the tree reads it through a ref (use-org-tree), so its roots load again when it changes
  useEffect(() => {
    loadTree();
  }, [includeArchived, loadTree]);

  // Open the tree down to the organisation shown in the detail pane.
  useEffect(() => {
    if (!toReveal || !rootsReady) return;
    setToReveal(null);
    void reveal(toReveal.ancestors.map((a) => a.id)).then(() => setScrollTarget(toReveal.id));
  }, [toReveal, rootsReady, reveal]);

  const open = useCallback((orgId: string) => navigate(`/orgs/${orgId}`), [navigate]);

  const handlers = useMemo<OrgChangeHandlers>(
    () => ({
      onNavigate: open,
      onLoaded: setToReveal,
      onCreated: (child) => {
        void message.success(t('org.created', { name: child.name }));
        if (child.parentId) {
          const parentId = child.parentId;
          void refreshNode(parentId).then(() => setExpandedKeys([...new Set([...tree.expandedKeys, parentId])]));
        }
      },
      onUpdated: (org) => {
        patch(org);
        if (!includeArchived) void refreshNode(org.parentId);
      },
      onMoved: (org, oldParentId) => {
        void message.success(t('org.moved'));
        void refreshNode(oldParentId).then(() => refreshNode(org.parentId));
      },
      onDeleted: (org) => {
        void refreshNode(org.parentId);
        navigate(org.parentId ? `/orgs/${org.parentId}` : '/orgs', { replace: true });
      },
    }),
    [open, message, t, refreshNode, setExpandedKeys, tree.expandedKeys, patch, includeArchived, navigate],
  );

  return (
    <Flex gap={16} align="stretch" style={{ height: 'calc(100vh - 64px - 32px)' }}>
      <Card
        title={t('org.tree.title')}
        extra={
          <Tooltip title={t('org.tree.showArchived')}>
            <Flex align="center" gap={6}>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('org.tree.archivedSwitch')}
              </Typography.Text>
              <Switch size="small" checked={includeArchived} onChange={setIncludeArchived} aria-label={t('org.tree.showArchived')} />
            </Flex>
          </Tooltip>
        }
        style={{ width: 380, flex: 'none', display: 'flex', flexDirection: 'column' }}
        styles={{ body: { flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column', gap: 12, padding: 12 } }}
      >
        <Input.Search
          placeholder={t('org.search.placeholder')}
          aria-label={t('org.search.label')}
          allowClear
          enterButton
          onSearch={(value) => setQ(value.trim())}
          onChange={(e) => {
            if (!e.target.value) setQ('');
          }}
        />
        {rootsError && !q ? (
          <QueryError compact error={rootsError} onRetry={loadTree} />
        ) : q ? (
          <OrgSearchResults key={q} q={q} selectedId={selectedId} onPick={(org) => open(org.id)} />
        ) : (
          <OrgTreeView tree={tree} selectedId={selectedId} scrollTarget={scrollTarget} onSelect={open} />
        )}
      </Card>
      <div style={{ flex: 1, minWidth: 0, overflow: 'auto' }}>
        {selectedId ? <OrgDetailPane key={selectedId} id={selectedId} handlers={handlers} /> : <OrgDetailEmpty />}
      </div>
    </Flex>
  );
}
