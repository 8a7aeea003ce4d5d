// The task's side of the two-way link: which visit problem, requirement or meeting decision a task
// came from (the task must be one the caller sees).
import type { RequestContext } from '../../platform/http.js';
import { loadVisibleTask } from '../tasks/tasks.policy.js';
import { findTaskOrigin } from './fieldwork.repository.js';

export async function taskOrigin(ctx: RequestContext, taskId: string) {
  await loadVisibleTask(ctx.db, ctx.actor, taskId);
  return findTaskOrigin(ctx.db, taskId);
}
