// zh-CN / en-US messages of user administration (namespace `users`); see platform/i18n.ts for the keys.
import { defineMessages } from '../../platform/i18n.js';

export const usersMessages = defineMessages('users', {
  'label.body.username': ['用户名', 'username'],
  'label.body.password': ['初始密码', 'initial password'],
  'label.body.newPassword': ['新密码', 'new password'],
  'label.body.displayName': ['姓名', 'display name'],
  'label.body.orgId': ['所属组织', 'organisation'],
  'label.body.roles': ['角色', 'roles'],
  'label.body.status': ['账号状态', 'account status'],
  'label.params.id': ['用户编号', 'user id'],
  'label.query.orgId': ['所属组织', 'organisation'],
  'label.query.q': ['查询内容', 'search text'],
  'label.query.role': ['角色', 'role'],
  'label.query.status': ['账号状态', 'account status'],

  'reason.unknown_role': ['{label}中有未知角色：{role}', '{label} names an unknown role: {role}'],
  'reason.not_self': ['不能修改自己的组织、角色或状态', 'You cannot change your own organisation, roles or status'],
});
