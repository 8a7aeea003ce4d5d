// First start: the root organisation and the system admin "admin".
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { writeAudit } from '../platform/audit.js';
import { hashPassword, meetsPasswordPolicy } from '../platform/passwords.js';
import { userNameKey } from '../platform/sort-key.js';
import { insertOrg } from '../modules/orgs/orgs.repository.js';

export const ROOT_ORG_NAME = '中华全国总工会';

/** A random password that meets the policy. */
export function randomPassword(): string {
  return `Jx-${randomBytes(9).toString('base64url')}9a`;
}

export interface BootstrapResult {
  created: boolean;
  adminPassword?: string;
  generated?: boolean;
}

export async function ensureRootAndAdmin(db: Kysely<Database>, adminPassword: string | undefined): Promise<BootstrapResult> {
  return db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('users').select('id').where('username', '=', 'admin').executeTakeFirst();
    if (existing) return { created: false };
    if (adminPassword !== undefined && !meetsPasswordPolicy(adminPassword)) {
      throw new Error(
        'JIANGXIN_ADMIN_PASSWORD must have at least 10 characters from at least 3 of: upper case, lower case, digits, symbols',
      );
    }
    let root = await trx.selectFrom('organisations').selectAll().where('parent_id', 'is', null).orderBy('id').executeTakeFirst();
    if (!root) {
      root = await insertOrg(trx, null, {
        name: ROOT_ORG_NAME,
        kind: 'federation',
        level: 'national',
        region_code: null,
        uscc: null,
        union_name: null,
      });
      await writeAudit(
        trx,
        {},
        { action: 'create', entityType: 'organisation', entityId: root.id, orgId: root.id, orgPath: root.path, after: root },
      );
    }
    const generated = adminPassword === undefined;
    const password = adminPassword ?? randomPassword();
    const user = await trx
      .insertInto('users')
      .values({
        username: 'admin',
        display_name: '系统管理员',
        display_name_key: userNameKey('系统管理员'),
        org_id: root.id,
        roles: ['admin'],
        password_hash: await hashPassword(password),
        // A password chosen by the operator is theirs; a generated one must be replaced at first sign-in.
        must_change_password: generated,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(
      trx,
      {},
      {
        action: 'create',
        entityType: 'user',
        entityId: user.id,
        orgId: root.id,
        orgPath: root.path,
        after: { username: 'admin', roles: ['admin'] },
      },
    );
    return { created: true, adminPassword: password, generated };
  });
}
