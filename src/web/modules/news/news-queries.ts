// Server state of the news desk: every key starts with 'news', so any write refreshes the list and
// the article page together.
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { IN_PAGE } from '../../query';
import { newsApi } from './news-api';

export type ArticlesQuery = Parameters<typeof newsApi.list>[0];

export const newsKeys = {
  all: ['news'] as const,
  list: (q: ArticlesQuery) => ['news', 'list', q] as const,
  article: (id: string) => ['news', 'article', id] as const,
  versions: (id: string) => ['news', 'versions', id] as const,
  diff: (id: string, from: number, to: number) => ['news', 'diff', id, from, to] as const,
  check: (id: string) => ['news', 'check', id] as const,
  portal: ['news', 'portal'] as const,
};

export const useArticles = (q: ArticlesQuery) =>
  useQuery({ queryKey: newsKeys.list(q), queryFn: () => newsApi.list(q), placeholderData: keepPreviousData, meta: IN_PAGE });
export const useArticle = (id: string | undefined) =>
  useQuery({ queryKey: newsKeys.article(id ?? ''), queryFn: () => newsApi.get(id!), enabled: !!id, meta: IN_PAGE });
export const useVersions = (id: string) =>
  useQuery({ queryKey: newsKeys.versions(id), queryFn: () => newsApi.versions(id), meta: IN_PAGE });
export const useDiff = (id: string, from: number | undefined, to: number | undefined) =>
  useQuery({
    queryKey: newsKeys.diff(id, from ?? 0, to ?? 0),
    queryFn: () => newsApi.diff(id, from!, to!),
    enabled: !!from && !!to && from !== to,
    meta: IN_PAGE,
  });
export const usePortal = (enabled: boolean) => useQuery({ queryKey: newsKeys.portal, queryFn: newsApi.portal, enabled, meta: IN_PAGE });
export const useCheck = (id: string, enabled: boolean) =>
  useQuery({ queryKey: newsKeys.check(id), queryFn: () => newsApi.check(id), enabled, meta: IN_PAGE });

export function useNewsChanged(): () => Promise<void> {
  const client = useQueryClient();
  return useCallback(() => client.invalidateQueries({ queryKey: newsKeys.all }), [client]);
}
