// State of the lazily loaded organisation tree. Only the user's own organisation and the children
// of expanded nodes are ever loaded (a page at a time), so a tree of 100,000 nodes stays light.
import { useCallback, useMemo, useReducer, useRef, useState } from 'react';
import type { OrgView } from './orgs-api';
import { orgsApi } from './orgs-api';

export const CHILD_PAGE_SIZE = 200;
export const MORE_PREFIX = 'more:';

export interface OrgTreeNode {
  key: string;
  org?: OrgView;
  /** For the "load more" row: the parent whose next page it loads. */
  moreOf?: { parentId: string; loaded: number; total: number };
  isLeaf: boolean;
  children?: OrgTreeNode[];
}

interface ChildList {
  ids: string[];
  total: number;
  page: number;
}

class TreeStore {
  nodes = new Map<string, OrgView>();
  children = new Map<string, ChildList>();
  roots: string[] = [];
  inflight = new Map<string, Promise<void>>();

  put(org: OrgView) {
    this.nodes.set(org.id, org);
  }
}

export interface OrgTree {
  treeData: OrgTreeNode[];
  loadedKeys: string[];
  expandedKeys: string[];
  setExpandedKeys: (keys: string[]) => void;
  loading: boolean;
  loadRoots: () => Promise<void>;
  loadChildren: (parentId: string) => Promise<void>;
  loadMore: (parentId: string) => Promise<void>;
  /** Reloads the first page of a node's children and the node itself (its child count). */
  refreshNode: (id: string | null) => Promise<void>;
  patch: (org: OrgView) => void;
  /** Loads and expands the chain of ancestors so that the node shows in the tree. */
  reveal: (ancestorIds: string[]) => Promise<void>;
}

export function useOrgTree(includeArchived: boolean): OrgTree {
  const store = useRef(new TreeStore());
  // The store is mutated in place; each change publishes it anew (a fresh wrapper object), which is
  // what the tree below is computed from.
  const [snapshot, publish] = useReducer(
    (_: { store: TreeStore }, next: TreeStore) => ({ store: next }),
    store.current,
    (s) => ({ store: s }),
  );
  const bump = useCallback(() => publish(store.current), []);
  const [expandedKeys, setExpandedKeys] = useState<string[]>([]);
  const [loading, setLoading] = useState(false);
  const archivedRef = useRef(includeArchived);
  archivedRef.current = includeArchived;

  const fetchPage = useCallback(
    async (parentId: string, page: number) => {
      const s = store.current;
      const res = await orgsApi.children(parentId, page, CHILD_PAGE_SIZE, archivedRef.current);
      for (const o of res.items) s.put(o);
      const previous = page > 1 ? (s.children.get(parentId)?.ids ?? []) : [];
      const ids = [...previous, ...res.items.map((o) => o.id).filter((id) => !previous.includes(id))];
      s.children.set(parentId, { ids, total: res.total, page });
      bump();
    },
    [bump],
  );

  const loadChildren = useCallback(
    (parentId: string) => {
      const s = store.current;
      if (s.children.has(parentId)) return Promise.resolve();
      const running = s.inflight.get(parentId);
      if (running) return running;
      const p = fetchPage(parentId, 1).finally(() => s.inflight.delete(parentId));
      s.inflight.set(parentId, p);
      return p;
    },
    [fetchPage],
  );

  const loadMore = useCallback(
    async (parentId: string) => {
      const list = store.current.children.get(parentId);
      if (!list || list.ids.length >= list.total) return;
      await fetchPage(parentId, list.page + 1);
    },
    [fetchPage],
  );

  const loadRoots = useCallback(async () => {
    setLoading(true);
    try {
      const fresh = new TreeStore();
      const res = await orgsApi.roots();
      for (const o of res.items) fresh.put(o);
      fresh.roots = res.items.map((o) => o.id);
      store.current = fresh;
      setExpandedKeys(fresh.roots);
      bump();
      await Promise.all(fresh.roots.map((id) => loadChildren(id)));
    } finally {
      setLoading(false);
    }
  }, [loadChildren, bump]);

  const refreshNode = useCallback(
    async (id: string | null) => {
      if (!id) return;
      const s = store.current;
      const org = await orgsApi.get(id).catch(() => null);
      if (org) s.put(org);
      if (s.children.has(id) || s.roots.includes(id)) {
        s.children.delete(id);
        await loadChildren(id);
      }
      bump();
    },
    [loadChildren, bump],
  );

  const patch = useCallback(
    (org: OrgView) => {
      if (!store.current.nodes.has(org.id)) return;
      store.current.put(org);
      bump();
    },
    [bump],
  );

  const reveal = useCallback(
    async (ancestorIds: string[]) => {
      const s = store.current;
      const chain = ancestorIds.filter((id, i) => i > 0 || s.roots.includes(id));
      for (const id of chain) {
        if (!s.nodes.has(id)) break; // not reachable from the loaded part (e.g. beyond a loaded page)
        await loadChildren(id);
      }
      setExpandedKeys((keys) => [...new Set([...keys, ...chain])]);
    },
    [loadChildren],
  );

  const { treeData, loadedKeys } = useMemo(() => {
    const s = snapshot.store;
    const build = (id: string): OrgTreeNode | null => {
      const org = s.nodes.get(id);
      if (!org) return null;
      const list = s.children.get(id);
      const node: OrgTreeNode = { key: id, org, isLeaf: list ? list.total === 0 : org.childCount === 0 };
      if (list) {
        node.children = list.ids.map(build).filter((n): n is OrgTreeNode => n !== null);
        if (list.ids.length < list.total) {
          node.children.push({
            key: `${MORE_PREFIX}${id}`,
            isLeaf: true,
            moreOf: { parentId: id, loaded: list.ids.length, total: list.total },
          });
        }
      }
      return node;
    };
    return {
      treeData: s.roots.map(build).filter((n): n is OrgTreeNode => n !== null),
      loadedKeys: [...s.children.keys()],
    };
  }, [snapshot]);

  return { treeData, loadedKeys, expandedKeys, setExpandedKeys, loading, loadRoots, loadChildren, loadMore, refreshNode, patch, reveal };
}
