// zh-CN / en-US messages of sign-in and the own account (namespace `auth`); see platform/i18n.ts for the keys.
import { defineMessages } from '../../platform/i18n.js';

export const authMessages = defineMessages('auth', {
  'label.body.username': ['用户名', 'username'],
  'label.body.password': ['密码', 'password'],
  'label.body.totpCode': ['动态验证码', 'one-time code'],
  'label.body.currentPassword': ['当前密码', 'current password'],
  'label.body.newPassword': ['新密码', 'new password'],
  'label.body.code': ['验证码', 'code'],
  'label.body.locale': ['界面语言', 'language'],
});
