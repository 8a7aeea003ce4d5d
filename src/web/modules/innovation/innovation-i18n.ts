// The innovation module's strings, its i18next namespace `innovation` (zh-CN default, en-US; ICU messages).
import { useNamespaceT } from '../../i18n';
import { defineNamespace } from '../../i18next';

const zh = {
  'worker.create': '开通职工账号',
  'worker.created': '已开通职工账号 {username}，首次登录须修改密码',
  'worker.username': '登录账号',
  'worker.usernameHint': '3–40位小写字母、数字、下划线、点或连字符',
  'worker.password': '初始密码',
  required: '请填写{field}',
};
type Key = keyof typeof zh;
const en: Record<Key, string> = {
  'worker.create': 'Create worker account',
  'worker.created': 'Worker account {username} created; the password must be changed at first sign-in',
  'worker.username': 'Username',
  'worker.usernameHint': '3–40 lower-case letters, digits, underscores, dots or hyphens',
  'worker.password': 'Initial password',
  required: 'Enter the {field}',
};

defineNamespace('innovation', zh, en);

export function useInnovationT() {
  return useNamespaceT<Key>('innovation');
}
