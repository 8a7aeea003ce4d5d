// Transfer requests: a person's current organisation (or anyone above it) approves or rejects a
// request from the organisation that registered the same ID number.
import { AppError } from '../../platform/errors.js';
import { assertInScope, isInScope } from '../../platform/access.js';
import { writeAudit } from '../../platform/audit.js';
import type { RequestContext } from '../../platform/http.js';
import * as repo from './transfers.repository.js';
import * as people from './people.repository.js';
import type { TransferView } from './people.schemas.js';

type TransferRow = NonNullable<Awaited<ReturnType<typeof repo.findTransfer>>>;

export function toTransferView(ctx: RequestContext, t: TransferRow): TransferView {
  // Outside the current organisation's subtree, the requester learns only what it submitted.
  const seesSource = isInScope(ctx.actor, t.from_path);
  return {
    id: t.id,
    personId: seesSource ? t.person_id : '',
    personName: seesSource ? t.person_name : t.requested_name,
    idNumberMasked: t.id_masked,
    fromOrgId: seesSource ? t.from_org_id : null,
    fromOrgName: seesSource ? t.from_org_name : null,
    toOrgId: t.to_org_id,
    toOrgName: t.to_org_name,
    status: t.status,
    createdAt: new Date(t.created_at).toISOString(),
    decidedAt: t.decided_at ? new Date(t.decided_at).toISOString() : null,
  };
}

export async function listTransfers(
  ctx: RequestContext,
  q: { status?: 'pending' | 'approved' | 'rejected' | 'cancelled'; direction?: 'incoming' | 'outgoing'; page: number; pageSize: number },
) {
  const rows = await repo.listTransfers(ctx.db, ctx.actor.orgPath, q.status, q.pageSize, (q.page - 1) * q.pageSize, q.direction);
  return rows.map((t) => toTransferView(ctx, t));
}

export async function decideTransfer(ctx: RequestContext, id: string, decision: 'approved' | 'rejected') {
  return ctx.db.transaction().execute(async (trx) => {
    const locked = await repo.lockTransfer(trx, id);
    const t = locked && (await repo.findTransfer(trx, id));
    assertInScope(ctx.actor, t?.from_path, 'transfer');
    if (t!.status !== 'pending') throw new AppError('conflict');
    await repo.decideTransfer(trx, id, decision, ctx.actor.userId);
    if (decision === 'approved') {
      await people.lockPerson(trx, t!.person_id);
      await people.updatePerson(trx, t!.person_id, { org_id: t!.to_org_id });
    }
    await writeAudit(trx, ctx, {
      action: decision === 'approved' ? 'approve_transfer' : 'reject_transfer',
      entityType: 'transfer',
      entityId: id,
      orgId: t!.from_org_id,
      orgPath: t!.from_path,
      after: { personId: t!.person_id, toOrgId: t!.to_org_id },
    });
    if (decision === 'approved') {
      // The person has moved: other organisations' pending requests for them are moot.
      for (const other of await repo.cancelOtherPending(trx, t!.person_id, id, ctx.actor.userId)) {
        await writeAudit(trx, ctx, {
          action: 'cancel_transfer',
          entityType: 'transfer',
          entityId: other.id,
          orgId: t!.from_org_id,
          orgPath: t!.from_path,
          after: { personId: t!.person_id, toOrgId: other.to_org_id, reason: 'approved_elsewhere', approvedTransferId: id },
        });
      }
    }
    return toTransferView(ctx, (await repo.findTransfer(trx, id))!);
  });
}
