// Worker self-registration (issue #16 item 1). A registry person asks for a worker account with
// their ID number and the mobile the registry holds; nothing tells a caller which of the two did not
// match (one refusal for both), and the attempts go through the database-held rate windows of sign-in
// (per client address and per ID number). The request waits with the chosen password already hashed
// until the person's enterprise union — staff whose subtree reaches the person — confirms it (the
// account is created as the union creates worker accounts) or rejects it with a reason.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { inTransaction } from '../../db/transaction.js';
import { assertInScope } from '../../platform/access.js';
import { writeAudit, type AuditContext } from '../../platform/audit.js';
import { AppError } from '../../platform/errors.js';
import type { RequestContext } from '../../platform/http.js';
import { hashPassword, meetsPasswordPolicy } from '../../platform/passwords.js';
import type { SecretBox } from '../../platform/secrets.js';
import { countLoginAttempt } from '../auth/auth.repository.js';
import { rootPathFor } from '../people/people.service.js';
import * as people from '../people/people.repository.js';
import { usernameExists } from '../users/users.repository.js';
import { personHasAccount } from './proposals.repository.js';
import { insertWorkerAccount } from './proposals.service.js';
import * as repo from './registrations.repository.js';
import type { RegisterInput, RegistrationQuery } from './registrations.schemas.js';

/** Registration attempts per client address, and per ID number, in a one-minute window. */
export const REGISTRATION_ATTEMPTS_PER_MINUTE = 5;

interface RegisterDeps {
  db: Kysely<Database>;
  secrets: SecretBox;
}

export async function register(deps: RegisterDeps, input: RegisterInput, audit: AuditContext & { ip: string }) {
  const { db, secrets } = deps;
  const idHash = secrets.keyedHash(input.idNumber);
  // Both windows count every attempt, so one address cannot probe many numbers nor many addresses one number.
  const byAddress = await countLoginAttempt(db, `register:${audit.ip}`);
  const byNumber = await countLoginAttempt(db, `register-id:${idHash}`);
  if (byAddress > REGISTRATION_ATTEMPTS_PER_MINUTE || byNumber > REGISTRATION_ATTEMPTS_PER_MINUTE) throw new AppError('rate_limited');
  if (!meetsPasswordPolicy(input.password)) throw new AppError('password_policy', {}, [{ path: 'body.password', code: 'custom' }]);
  const person = await people.findPersonByHash(db, idHash);
  const phone = person?.phone_sealed ? secrets.open(person.phone_sealed) : null;
  if (!person || phone !== input.mobile) throw new AppError('registration_refused');
  if (await personHasAccount(db, person.id)) throw new AppError('worker_has_account');
  if (await repo.hasPendingForPerson(db, person.id)) throw new AppError('registration_exists');
  const password_hash = await hashPassword(input.password);
  return inTransaction(db, async (trx) => {
    if (await repo.hasPendingForPerson(trx, person.id)) throw new AppError('registration_exists');
    if ((await usernameExists(trx, input.username)) || (await repo.usernamePending(trx, input.username)))
      throw new AppError('username_taken', { username: input.username });
    const id = await repo.insertRegistration(trx, { person_id: person.id, username: input.username, password_hash });
    await writeAudit(
      trx,
      { ...audit, actor: null },
      {
        action: 'register',
        entityType: 'worker_registration',
        entityId: id,
        orgId: person.org_id,
        orgPath: person.org_path,
        after: { username: input.username, registration: 'pending' },
      },
    );
    return { status: 'pending' as const };
  });
}

const toView = (r: repo.RegistrationRow) => ({
  id: r.id,
  personId: r.person_id,
  personName: r.person_name,
  orgId: r.org_id,
  orgName: r.org_name,
  idMasked: r.id_masked,
  mobileMasked: r.phone_masked,
  username: r.username,
  createdAt: r.created_at,
});

/** The pending requests of people in the caller's subtree (or of one organisation of it). */
export async function listPending(ctx: RequestContext, q: RegistrationQuery) {
  const rootPath = await rootPathFor(ctx, q.orgId);
  assertInScope(ctx.actor, rootPath, 'organisation');
  const { items, total } = await repo.listPending(ctx.db, rootPath, q.pageSize, (q.page - 1) * q.pageSize);
  return { items: items.map(toView), total };
}

async function pending(ctx: RequestContext, trx: Parameters<typeof repo.findRegistration>[0], id: string) {
  const row = await repo.findRegistration(trx, id);
  assertInScope(ctx.actor, row?.org_path, 'worker_registration');
  if (!(await repo.lockPending(trx, id))) throw new AppError('registration_state');
  return row!;
}

/** Confirms a request: the worker account is created with the password the worker chose. */
export async function confirm(ctx: RequestContext, id: string) {
  return inTransaction(ctx.db, async (trx) => {
    const row = await pending(ctx, trx, id);
    const person = { id: row.person_id, name: row.person_name, org_id: row.org_id, org_path: row.org_path };
    const view = await insertWorkerAccount(trx, ctx, person, {
      username: row.username,
      password_hash: row.password_hash,
      mustChangePassword: false,
    });
    await repo.decide(trx, id, { status: 'confirmed', user_id: view.userId, decided_by: ctx.actor.userId });
    await writeAudit(trx, ctx, {
      action: 'confirm',
      entityType: 'worker_registration',
      entityId: id,
      orgId: row.org_id,
      orgPath: row.org_path,
      before: { registration: 'pending' },
      after: { registration: 'confirmed', username: row.username },
    });
    return view;
  });
}

/** Rejects a request with the reason the worker is shown when they try to sign in. */
export async function reject(ctx: RequestContext, id: string, reason: string) {
  await inTransaction(ctx.db, async (trx) => {
    const row = await pending(ctx, trx, id);
    await repo.decide(trx, id, { status: 'rejected', reason, decided_by: ctx.actor.userId });
    await writeAudit(trx, ctx, {
      action: 'reject',
      entityType: 'worker_registration',
      entityId: id,
      orgId: row.org_id,
      orgPath: row.org_path,
      before: { registration: 'pending' },
      after: { registration: 'rejected', reason },
    });
  });
}
