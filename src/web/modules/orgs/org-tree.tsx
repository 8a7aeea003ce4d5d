// The organisation tree: lazily loaded children, virtual scrolling, "load more" rows for long lists.
import { ApartmentOutlined, BankOutlined, ShopOutlined, TeamOutlined } from '@ant-design/icons';
import { Empty, Spin, Tag, Tree, Typography } from 'antd';
import type { GetRef } from 'antd';
import { useEffect, useRef, type ReactNode } from 'react';
import { useT } from '../../i18n';
import { useElementHeight } from '../../shared/use-element-height';
import type { OrgKind } from './orgs-api';
import type { OrgTree, OrgTreeNode } from './use-org-tree';

const KIND_ICONS: Record<OrgKind, ReactNode> = {
  federation: <BankOutlined style={{ color: '#c8102e' }} />,
  industry_union: <ApartmentOutlined style={{ color: '#d4380d' }} />,
  member_unit: <TeamOutlined style={{ color: '#1677ff' }} />,
  enterprise: <ShopOutlined style={{ color: '#389e0d' }} />,
};

function NodeTitle({ node }: { node: OrgTreeNode }) {
  const t = useT();
  if (node.moreOf) {
    return <Typography.Link>{t('org.tree.loadMore', { loaded: node.moreOf.loaded, total: node.moreOf.total })}</Typography.Link>;
  }
  const org = node.org;
  if (!org) return null;
  return (
    <span style={{ whiteSpace: 'nowrap' }}>
      <span style={{ marginRight: 6 }}>{KIND_ICONS[org.kind]}</span>
      <span style={org.status === 'archived' ? { color: '#999' } : undefined}>{org.name}</span>
      {org.status === 'archived' && <Tag style={{ marginLeft: 6 }}>{t('org.status.archived')}</Tag>}
    </span>
  );
}

function containsKey(nodes: OrgTreeNode[], key: string): boolean {
  return nodes.some((n) => n.key === key || (n.children ? containsKey(n.children, key) : false));
}

interface OrgTreeViewProps {
  tree: OrgTree;
  selectedId: string | null;
  /** Scrolls to this node when it changes (after a search pick or a move). */
  scrollTarget: string | null;
  onSelect: (id: string) => void;
}

export function OrgTreeView({ tree, selectedId, scrollTarget, onSelect }: OrgTreeViewProps) {
  const t = useT();
  const { ref, height } = useElementHeight<HTMLDivElement>();
  const treeRef = useRef<GetRef<typeof Tree>>(null);
  /** The target last scrolled to: each new target is scrolled to once. */
  const scrolledTo = useRef<string | null>(null);

  // Scroll once the target has been loaded into the tree, then leave the scroll position alone.
  useEffect(() => {
    if (!scrollTarget) {
      scrolledTo.current = null;
      return;
    }
    if (scrolledTo.current === scrollTarget || !containsKey(tree.treeData, scrollTarget)) return;
    scrolledTo.current = scrollTarget;
    setTimeout(() => treeRef.current?.scrollTo({ key: scrollTarget, align: 'auto' }), 0);
  }, [scrollTarget, tree.treeData]);

  return (
    <div ref={ref} style={{ flex: 1, minHeight: 0 }}>
      <Spin spinning={tree.loading}>
        {tree.treeData.length === 0 && !tree.loading ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('common.empty')} />
        ) : (
          <Tree<OrgTreeNode>
            ref={treeRef}
            aria-label={t('org.tree.label')}
            treeData={tree.treeData}
            height={height}
            virtual
            blockNode
            showLine
            loadData={(node) => tree.loadChildren(String(node.key))}
            loadedKeys={tree.loadedKeys}
            expandedKeys={tree.expandedKeys}
            onExpand={(keys) => tree.setExpandedKeys(keys.map(String))}
            selectedKeys={selectedId ? [selectedId] : []}
            onSelect={(_, info) => {
              const node = info.node;
              if (node.moreOf) void tree.loadMore(node.moreOf.parentId);
              else onSelect(String(node.key));
            }}
            titleRender={(node) => <NodeTitle node={node} />}
          />
        )}
      </Spin>
    </div>
  );
}
