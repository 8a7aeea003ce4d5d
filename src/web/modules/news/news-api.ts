// The news desk (server module: news): articles, versions and diff, the review chain, the
// confidentiality check, corrections and withdrawals, photos and the portal settings.
import { ApiError, api, type BodyOf, type QueryOf, request, type ResponseOf, type Schemas, toQueryString, type Widen } from '../../api';

export type ArticleView = Schemas['ArticleView'];
export type ArticleListItem = Schemas['ArticleListItem'];
export type ArticleStatus = ArticleView['status'];
export type ArticleInput = Widen<BodyOf<'createNewsArticle'>>;
export type ArticlePatch = Widen<BodyOf<'updateNewsArticle'>>;
export type ReviewInput = BodyOf<'reviewNewsArticle'>;

const enc = encodeURIComponent;

export const newsApi = {
  list: (q: Widen<QueryOf<'listNewsArticles'>>) => api.get<ResponseOf<'listNewsArticles'>>('/api/news/articles', { ...q }),
  get: (id: string) => api.get<ResponseOf<'getNewsArticle'>>(`/api/news/articles/${enc(id)}`),
  create: (input: ArticleInput) => api.post<ResponseOf<'createNewsArticle'>>('/api/news/articles', input),
  update: (id: string, input: ArticlePatch) => api.patch<ResponseOf<'updateNewsArticle'>>(`/api/news/articles/${enc(id)}`, input),
  versions: (id: string) => api.get<ResponseOf<'listNewsArticleVersions'>>(`/api/news/articles/${enc(id)}/versions`),
  diff: (id: string, from: number, to: number) =>
    api.get<ResponseOf<'getNewsArticleDiff'>>(`/api/news/articles/${enc(id)}/diff`, { from, to }),
  check: (id: string) => api.get<ResponseOf<'getNewsArticleCheck'>>(`/api/news/articles/${enc(id)}/check`),
  submit: (id: string) => api.post<ResponseOf<'submitNewsArticle'>>(`/api/news/articles/${enc(id)}/submit`),
  review: (id: string, input: ReviewInput) => api.post<ResponseOf<'reviewNewsArticle'>>(`/api/news/articles/${enc(id)}/review`, input),
  correct: (id: string, input: BodyOf<'correctNewsArticle'>) =>
    api.post<ResponseOf<'correctNewsArticle'>>(`/api/news/articles/${enc(id)}/correct`, input),
  withdraw: (id: string, note: string) => api.post<ResponseOf<'withdrawNewsArticle'>>(`/api/news/articles/${enc(id)}/withdraw`, { note }),
  portal: () => api.get<ResponseOf<'getNewsPortal'>>('/api/news/portal'),
  savePortal: (input: Omit<BodyOf<'updateNewsPortal'>, 'orgId'> & { orgId: string }) =>
    request<ResponseOf<'updateNewsPortal'>>('PUT', '/api/news/portal', input),
  /** Sends the photo as the raw request body (the server sniffs and re-encodes it). */
  async uploadImage(file: Blob, alt: string, csrfToken: string, locale: string): Promise<ResponseOf<'createNewsImage'>> {
    const res = await fetch(`/api/news/images${toQueryString({ alt })}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        'Content-Type': 'application/octet-stream',
        'X-CSRF-Token': csrfToken,
        'Accept-Language': locale,
        Accept: 'application/json',
      },
      body: file,
    }).catch(() => {
      throw new ApiError({ status: 0, code: 'network_error', message: '' });
    });
    const body = (await res.json().catch(() => ({}))) as { code?: string; message?: string; fields?: ApiError['fields'] };
    if (!res.ok)
      throw new ApiError({ status: res.status, code: body.code ?? 'internal', message: body.message ?? '', fields: body.fields });
    return body as unknown as ResponseOf<'createNewsImage'>;
  },
};

/** The body as the editor shows it: one paragraph per line (the server keeps the sanitised HTML). */
export function htmlToParagraphs(html: string): string {
  const doc = new DOMParser().parseFromString(`<div>${html}</div>`, 'text/html');
  const blocks = doc.body.querySelectorAll('p, h2, h3, h4, li, blockquote, figcaption');
  if (!blocks.length) return doc.body.textContent ?? '';
  return [...blocks]
    .map((b) => (b.textContent ?? '').trim())
    .filter(Boolean)
    .join('\n');
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
export function paragraphsToHtml(text: string): string {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => `<p>${escapeHtml(l)}</p>`)
    .join('\n');
}
