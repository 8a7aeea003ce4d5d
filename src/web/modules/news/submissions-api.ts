// The submission ledger (报送, server: news/submissions.*): where an article was sent and whether it
// was adopted, the outlet list, the ledger over the subtree and its counts per unit and outlet.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, type BodyOf, type QueryOf, type ResponseOf, toQueryString, type Widen } from '../../api';
import { IN_PAGE } from '../../query';

export type Submission = ResponseOf<'createNewsArticleSubmission'>;
export type SubmissionOutcome = Submission['outcome'];
export type SubmissionInput = Widen<BodyOf<'createNewsArticleSubmission'>>;
export type SubmissionPatch = Widen<BodyOf<'updateNewsSubmission'>>;
export type LedgerQuery = Widen<QueryOf<'listNewsSubmissions'>>;
export type CountsQuery = Widen<QueryOf<'listNewsSubmissionsCounts'>>;

export const OUTCOMES: SubmissionOutcome[] = ['pending', 'adopted', 'not_adopted'];
export const OUTCOME_COLORS: Record<SubmissionOutcome, string> = { pending: 'default', adopted: 'green', not_adopted: 'orange' };

const enc = encodeURIComponent;

export const submissionsApi = {
  ofArticle: (id: string) => api.get<ResponseOf<'listNewsArticleSubmissions'>>(`/api/news/articles/${enc(id)}/submissions`),
  create: (articleId: string, input: SubmissionInput) => api.post<Submission>(`/api/news/articles/${enc(articleId)}/submissions`, input),
  update: (id: string, input: SubmissionPatch) => api.patch<Submission>(`/api/news/submissions/${enc(id)}`, input),
  remove: (id: string) => api.delete<void>(`/api/news/submissions/${enc(id)}`),
  ledger: (q: LedgerQuery) => api.get<ResponseOf<'listNewsSubmissions'>>('/api/news/submissions', { ...q }),
  counts: (q: CountsQuery) => api.get<ResponseOf<'listNewsSubmissionsCounts'>>('/api/news/submissions/counts', { ...q }),
  exportUrl: (q: CountsQuery) => `/api/news/submissions/export.xlsx${toQueryString({ ...q })}`,
  ledgerExportUrl: (q: Omit<LedgerQuery, 'page' | 'pageSize'>) => `/api/news/submissions/ledger.xlsx${toQueryString({ ...q })}`,
  outlets: () => api.get<ResponseOf<'listNewsOutlets'>>('/api/news/outlets'),
  addOutlet: (outlet: string) => api.post<ResponseOf<'createNewsOutlet'>>('/api/news/outlets', { outlet }),
};

// Keys start with 'news' so any news write (useNewsChanged) refreshes them too.
export const submissionKeys = {
  article: (id: string) => ['news', 'submissions', 'article', id] as const,
  ledger: (q: LedgerQuery) => ['news', 'submissions', 'ledger', q] as const,
  counts: (q: CountsQuery) => ['news', 'submissions', 'counts', q] as const,
  outlets: ['news', 'outlets'] as const,
};

export const useArticleSubmissions = (id: string) =>
  useQuery({ queryKey: submissionKeys.article(id), queryFn: () => submissionsApi.ofArticle(id), meta: IN_PAGE });
export const useLedger = (q: LedgerQuery) =>
  useQuery({
    queryKey: submissionKeys.ledger(q),
    queryFn: () => submissionsApi.ledger(q),
    placeholderData: keepPreviousData,
    meta: IN_PAGE,
  });
export const useCounts = (q: CountsQuery) =>
  useQuery({
    queryKey: submissionKeys.counts(q),
    queryFn: () => submissionsApi.counts(q),
    placeholderData: keepPreviousData,
    meta: IN_PAGE,
  });
export const useOutlets = () => useQuery({ queryKey: submissionKeys.outlets, queryFn: submissionsApi.outlets, meta: IN_PAGE });
