// Sign-in with lockout, per-IP rate limit and TOTP; password change; TOTP enrolment.
import type { Kysely } from 'kysely';
import type { Config } from '../../config.js';
import type { Database } from '../../db/schema.js';
import { writeAudit, type AuditContext } from '../../platform/audit.js';
import { AppError } from '../../platform/errors.js';
import type { RequestContext } from '../../platform/http.js';
import { dummyPasswordHash, hashPassword, meetsPasswordPolicy, verifyPassword } from '../../platform/passwords.js';
import type { SecretBox } from '../../platform/secrets.js';
import { createSession, endSessions } from '../../platform/sessions.js';
import { generateTotpSecret, otpauthUrl, verifyTotp } from '../../platform/totp.js';
import { findUserById } from '../users/users.repository.js';
import { toUserView } from '../users/users.mapper.js';
import * as repo from './auth.repository.js';

interface LoginDeps {
  db: Kysely<Database>;
  config: Config;
  secrets: SecretBox;
}
interface LoginInput {
  username: string;
  password: string;
  totpCode?: string | undefined;
}
interface ClientMeta {
  ip: string;
  userAgent: string | null;
  requestId: string;
}

export async function login(deps: LoginDeps, input: LoginInput, meta: ClientMeta) {
  const { db, config, secrets } = deps;
  const audit: AuditContext = { ip: meta.ip, requestId: meta.requestId };
  if ((await repo.countLoginAttempt(db, meta.ip)) > config.JIANGXIN_LOGIN_RATE_PER_MINUTE) throw new AppError('rate_limited');

  const user = await repo.findUserForLogin(db, input.username);
  const failure = (reason: string) =>
    writeAudit(
      db,
      { ...audit, actor: user ? { userId: user.id, username: user.username, orgId: user.org_id } : null },
      {
        action: 'login_failed',
        entityType: 'user',
        entityId: user?.id ?? null,
        orgId: user?.org_id ?? null,
        orgPath: user?.org_path ?? null,
        after: { username: input.username, reason },
      },
    );

  const minutes = config.JIANGXIN_LOCKOUT_MINUTES;
  const lockedFor = (until: Date | string | null) =>
    until && new Date(until).getTime() > Date.now() ? Math.max(1, Math.ceil((new Date(until).getTime() - Date.now()) / 60_000)) : 0;

  // A name that belongs to no account gets the same answers as a real one, in comparable time: the
  // password is checked against a dummy hash, failures are counted and locked out alike.
  // A worker's self-registration not confirmed yet (or rejected) is told only to someone who knows its password.
  if (!user) {
    const nameHash = secrets.keyedHash(`login:${input.username.toLowerCase()}`);
    const registration = await repo.registrationForLogin(db, input.username);
    const passwordCheck = verifyPassword(registration?.password_hash ?? (await dummyPasswordHash()), input.password);
    const lockedMinutes = lockedFor(await repo.unknownLockedUntil(db, nameHash));
    const passwordMatches = await passwordCheck;
    if (lockedMinutes) {
      await failure('locked');
      throw new AppError('account_locked', { minutes: lockedMinutes });
    }
    if (registration && passwordMatches) {
      await failure(`registration_${registration.status}`);
      throw registration.status === 'rejected'
        ? new AppError('registration_rejected', { reason: registration.reason ?? '' })
        : new AppError('registration_pending');
    }
    const { locked } = await repo.recordUnknownFailure(db, nameHash, config.JIANGXIN_LOCKOUT_THRESHOLD, minutes);
    await failure('unknown_user');
    throw locked ? new AppError('account_locked', { minutes }) : new AppError('invalid_credentials');
  }
  const lockedMinutes = lockedFor(user.locked_until);
  if (lockedMinutes) {
    await verifyPassword(user.password_hash, input.password);
    await failure('locked');
    throw new AppError('account_locked', { minutes: lockedMinutes });
  }
  const countFailure = async (reason: string, code: 'invalid_credentials' | 'totp_invalid') => {
    const { locked } = await repo.recordFailure(db, user.id, config.JIANGXIN_LOCKOUT_THRESHOLD, minutes);
    await failure(reason);
    if (locked) {
      await writeAudit(
        db,
        { ...audit, actor: null },
        {
          action: 'lock',
          entityType: 'user',
          entityId: user.id,
          orgId: user.org_id,
          orgPath: user.org_path,
          after: { lockedForMinutes: minutes },
        },
      );
      throw new AppError('account_locked', { minutes });
    }
    throw new AppError(code);
  };
  // The password first: whether the account is disabled is told only to someone who knows it.
  if (!(await verifyPassword(user.password_hash, input.password))) return countFailure('wrong_password', 'invalid_credentials');
  if (user.status !== 'active' || user.org_status !== 'active') {
    await failure('disabled');
    throw new AppError('account_disabled');
  }
  if (user.totp_enabled && user.totp_secret) {
    if (!input.totpCode) throw new AppError('totp_required');
    const step = verifyTotp(secrets.open(user.totp_secret), input.totpCode);
    if (step === null || (user.totp_last_step !== null && step <= BigInt(user.totp_last_step)))
      return countFailure('wrong_totp', 'totp_invalid');
    await repo.saveTotpStep(db, user.id, step);
  }
  await repo.clearFailures(db, user.id);
  const session = await createSession(db, config, user.id, { ip: meta.ip, userAgent: meta.userAgent });
  await writeAudit(
    db,
    { ...audit, actor: { userId: user.id, username: user.username, orgId: user.org_id } },
    { action: 'login', entityType: 'user', entityId: user.id, orgId: user.org_id, orgPath: user.org_path },
  );
  const view = toUserView({ ...user, locked_until: null });
  return {
    token: session.token,
    body: {
      user: view,
      csrfToken: session.csrfToken,
      mustChangePassword: user.must_change_password,
      totpEnrollmentRequired: config.JIANGXIN_ADMIN_TOTP === 'required' && user.roles.includes('admin') && !user.totp_enabled,
    },
  };
}

export async function me(ctx: RequestContext) {
  const row = await findUserById(ctx.db, ctx.actor.userId);
  if (!row) throw new AppError('unauthenticated');
  return {
    user: toUserView(row),
    csrfToken: ctx.actor.csrfToken,
    mustChangePassword: ctx.actor.mustChangePassword,
    totpEnrollmentRequired: ctx.actor.totpEnrollmentRequired,
  };
}

export async function logout(ctx: RequestContext) {
  await repo.deleteSession(ctx.db, ctx.actor.sessionId);
  await writeAudit(ctx.db, ctx, {
    action: 'logout',
    entityType: 'user',
    entityId: ctx.actor.userId,
    orgId: ctx.actor.orgId,
    orgPath: ctx.actor.orgPath,
  });
}

export async function changePassword(ctx: RequestContext, currentPassword: string, newPassword: string) {
  if (!(await verifyPassword(await repo.findPasswordHash(ctx.db, ctx.actor.userId), currentPassword)))
    throw new AppError('wrong_password', {}, [{ path: 'body.currentPassword', code: 'custom' }]);
  if (!meetsPasswordPolicy(newPassword)) throw new AppError('password_policy', {}, [{ path: 'body.newPassword', code: 'custom' }]);
  if (currentPassword === newPassword) throw new AppError('password_reused', {}, [{ path: 'body.newPassword', code: 'custom' }]);
  const password_hash = await hashPassword(newPassword);
  await ctx.db.transaction().execute(async (trx) => {
    await repo.updateOwnPassword(trx, ctx.actor.userId, password_hash);
    await endSessions(trx, ctx.actor.userId, ctx.actor.sessionId);
    await writeAudit(trx, ctx, {
      action: 'change_password',
      entityType: 'user',
      entityId: ctx.actor.userId,
      orgId: ctx.actor.orgId,
      orgPath: ctx.actor.orgPath,
    });
  });
}

export async function setupTotp(ctx: RequestContext) {
  const secret = generateTotpSecret();
  await repo.savePendingTotpSecret(ctx.db, ctx.actor.userId, ctx.secrets.seal(secret));
  return { secret, otpauthUrl: otpauthUrl(secret, ctx.actor.username) };
}

export async function enableTotp(ctx: RequestContext, code: string) {
  const row = await repo.findTotpSecrets(ctx.db, ctx.actor.userId);
  const pending = row.totp_pending_secret;
  if (!pending) throw new AppError('totp_invalid');
  const secret = ctx.secrets.open(pending);
  const step = verifyTotp(secret, code);
  if (step === null) throw new AppError('totp_invalid', {}, [{ path: 'body.code', code: 'custom' }]);
  await ctx.db.transaction().execute(async (trx) => {
    await repo.enableTotp(trx, ctx.actor.userId, pending, step);
    await writeAudit(trx, ctx, {
      action: 'enable_totp',
      entityType: 'user',
      entityId: ctx.actor.userId,
      orgId: ctx.actor.orgId,
      orgPath: ctx.actor.orgPath,
    });
  });
}

export async function disableTotp(ctx: RequestContext, code: string) {
  if (ctx.config.JIANGXIN_ADMIN_TOTP === 'required' && ctx.actor.roles.includes('admin')) throw new AppError('forbidden');
  const row = await repo.findTotpSecrets(ctx.db, ctx.actor.userId);
  if (!row.totp_secret || verifyTotp(ctx.secrets.open(row.totp_secret), code) === null)
    throw new AppError('totp_invalid', {}, [{ path: 'body.code', code: 'custom' }]);
  await ctx.db.transaction().execute(async (trx) => {
    await repo.disableTotp(trx, ctx.actor.userId);
    await writeAudit(trx, ctx, {
      action: 'disable_totp',
      entityType: 'user',
      entityId: ctx.actor.userId,
      orgId: ctx.actor.orgId,
      orgPath: ctx.actor.orgPath,
    });
  });
}

export async function setPreferences(ctx: RequestContext, locale: string) {
  await ctx.db.transaction().execute(async (trx) => {
    await repo.updateLocale(trx, ctx.actor.userId, locale);
    await writeAudit(trx, ctx, {
      action: 'update_preferences',
      entityType: 'user',
      entityId: ctx.actor.userId,
      orgId: ctx.actor.orgId,
      orgPath: ctx.actor.orgPath,
      before: { locale: ctx.actor.locale },
      after: { locale },
    });
  });
}
