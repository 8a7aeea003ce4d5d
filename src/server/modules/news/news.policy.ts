// Who may do what on the news desk: the one place these decisions are made (routes declare them
// next to the permission; the access hook runs them before the handler).
//   see       the article's organisation is in the caller's subtree; otherwise not found
//   edit      news.write (and the state allows it: draft or returned — the service checks state)
//   review    the permission of the step the article waits at (一审 news.review1, 二审 news.review2,
//             三审 news.review3), held by someone of the publishing organisation or above
//   correct / withdraw   news.review3 (the sign-off level answers for what is public)
import type { FastifyRequest } from 'fastify';
import { type Actor, hasPermission, isInScope, type Permission } from '../../platform/access.js';
import { AppError } from '../../platform/errors.js';
import type { RecordPolicy } from '../../platform/http.js';
import * as repo from './news.repository.js';
import type { ArticleStatus } from './news.tables.js';

type Who = Pick<Actor, 'orgPath' | 'permissions'>;
export type ArticleAction = 'read' | 'edit' | 'review' | 'correct';

export const STEP_PERMISSION: Partial<Record<ArticleStatus, Permission>> = {
  review1: 'news.review1',
  review2: 'news.review2',
  review3: 'news.review3',
};

export function mayOnArticle(a: Who, action: ArticleAction, status: ArticleStatus): boolean {
  switch (action) {
    case 'read':
      return hasPermission(a, 'news.read');
    case 'edit':
      return hasPermission(a, 'news.write');
    case 'review': {
      const p = STEP_PERMISSION[status];
      return !!p && hasPermission(a, p);
    }
    case 'correct':
      return hasPermission(a, 'news.review3');
  }
}

export async function loadArticle(db: repo.Db, actor: Who, id: string, action: ArticleAction): Promise<repo.ArticleRecord> {
  const a = await repo.findArticle(db, id);
  if (!a || !isInScope(actor, a.org_path)) throw new AppError('not_found', { entity: 'news_article' });
  // An article not waiting for review has no step to check: the service answers its state (409).
  if (action === 'review' && !STEP_PERMISSION[a.status]) return a;
  if (!mayOnArticle(actor, action, a.status)) throw new AppError('forbidden');
  return a;
}

export const articlePolicy = (action: ArticleAction): RecordPolicy => ({
  from: 'params',
  key: 'id',
  entity: 'news_article',
  check: (db, actor, id) => loadArticle(db, actor, id, action),
});

export const articleOf = (req: FastifyRequest) => req.scoped.record as repo.ArticleRecord;
