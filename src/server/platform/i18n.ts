// Server-side messages in zh-CN (default) and en-US, chosen by user preference or Accept-Language.
import type { ErrorCode, FieldError } from './errors.js';

export const LOCALES = ['zh-CN', 'en-US'] as const;
export type Locale = (typeof LOCALES)[number];

type Dict = Record<string, { 'zh-CN': string; 'en-US': string }>;

const errorMessages: Record<ErrorCode, { 'zh-CN': string; 'en-US': string }> = {
  validation_failed: { 'zh-CN': '提交的内容有误：{detail}', 'en-US': 'Invalid input: {detail}' },
  malformed_json: { 'zh-CN': '请求内容不是有效的 JSON', 'en-US': 'The request body is not valid JSON' },
  unauthenticated: { 'zh-CN': '请先登录', 'en-US': 'Please sign in' },
  invalid_credentials: { 'zh-CN': '用户名或密码错误', 'en-US': 'Wrong username or password' },
  totp_required: { 'zh-CN': '请输入动态验证码', 'en-US': 'Enter your one-time code' },
  totp_invalid: { 'zh-CN': '动态验证码不正确', 'en-US': 'The one-time code is not correct' },
  account_locked: { 'zh-CN': '登录失败次数过多，账号已锁定，请 {minutes} 分钟后再试', 'en-US': 'Too many failed sign-ins; the account is locked, try again in {minutes} minutes' },
  account_disabled: { 'zh-CN': '账号已停用', 'en-US': 'This account is disabled' },
  password_change_required: { 'zh-CN': '请先修改初始密码', 'en-US': 'Change your initial password first' },
  totp_enrollment_required: { 'zh-CN': '系统管理员须先绑定动态验证码（双因素认证）', 'en-US': 'System administrators must set up two-factor sign-in first' },
  forbidden: { 'zh-CN': '没有权限执行此操作', 'en-US': 'You do not have permission to do this' },
  csrf_failed: { 'zh-CN': '请求校验失败，请刷新页面后重试', 'en-US': 'Request check failed; reload the page and try again' },
  privilege_escalation: { 'zh-CN': '不能授予超出自身权限的角色或范围', 'en-US': 'You cannot grant a role or scope beyond your own' },
  not_found: { 'zh-CN': '未找到{entity}', 'en-US': '{entity} not found' },
  route_not_found: { 'zh-CN': '接口不存在：{method} {url}', 'en-US': 'No such endpoint: {method} {url}' },
  conflict: { 'zh-CN': '数据已被修改，请刷新后重试', 'en-US': 'The data changed meanwhile; reload and try again' },
  username_taken: { 'zh-CN': '用户名“{username}”已被使用', 'en-US': 'The username "{username}" is taken' },
  uscc_taken: { 'zh-CN': '统一社会信用代码 {uscc} 已登记', 'en-US': 'Unified social credit code {uscc} is already registered' },
  org_has_children: { 'zh-CN': '该组织下还有未归档的下级组织，请先处理下级组织', 'en-US': 'This organisation still has active sub-organisations; deal with them first' },
  org_has_data: { 'zh-CN': '该组织已有数据，不能删除，只能归档', 'en-US': 'This organisation holds data; archive it instead of deleting' },
  org_archived: { 'zh-CN': '该组织已归档', 'en-US': 'This organisation is archived' },
  move_into_own_subtree: { 'zh-CN': '不能把组织移动到它自己或它的下级之下', 'en-US': 'An organisation cannot move under itself or its own sub-organisations' },
  person_exists: { 'zh-CN': '该身份证号的人员已在本单位登记', 'en-US': 'A person with this ID number is already registered here' },
  import_state: { 'zh-CN': '导入任务当前状态（{status}）下不能执行此操作', 'en-US': 'The import cannot do this in its current state ({status})' },
  import_running: { 'zh-CN': '导入任务正在进行中，请稍候', 'en-US': 'The import is running; wait for it to finish' },
  import_busy: { 'zh-CN': '该单位正在提交另一个导入任务（#{importId} {fileName}），请等它完成后再提交；若它已中断，请先继续完成它', 'en-US': 'Another import into this organisation is being committed (#{importId} {fileName}); commit this one after it has finished, and if it was interrupted, resume it first' },
  import_duplicate: { 'zh-CN': '该文件已在导入任务 #{importId} 中（状态：{status}），请继续该任务，不要重复上传', 'en-US': 'This file is already in import #{importId} ({status}); continue that import instead of uploading it again' },
  import_incomplete: { 'zh-CN': '提交未能写入全部数据（暂存 {staged} 行，写入 {applied} 行），导入未完成；请重新校验后再提交', 'en-US': 'The commit did not apply every row ({staged} staged, {applied} applied), so the import is not complete; validate again and commit' },
  import_staging_lost: { 'zh-CN': '暂存的数据行已丢失，请重新校验', 'en-US': 'The staged rows are missing; validate again' },
  import_has_errors: { 'zh-CN': '还有 {rows} 行数据有错误：请修正后重新上传，或选择跳过错误行', 'en-US': '{rows} rows have errors: fix and upload again, or choose to skip them' },
  report_state: { 'zh-CN': '进展报告当前状态下不能执行此操作（草稿或被退回的报告才能修改和提交，已提交的报告才能审核）', 'en-US': 'The progress report cannot do this in its current state (only drafts and returned reports can be edited or submitted, only submitted ones reviewed)' },
  task_in_use: { 'zh-CN': '该任务已有进展报告或下级任务，不能删除', 'en-US': 'This task has progress reports or child tasks and cannot be deleted' },
  file_rejected: { 'zh-CN': '文件无法读取：{reason}', 'en-US': 'The file cannot be read: {reason}' },
  password_policy: { 'zh-CN': '密码至少 10 位，并包含大写字母、小写字母、数字、符号中的至少 3 类', 'en-US': 'A password needs at least 10 characters from at least 3 of: upper case, lower case, digits, symbols' },
  password_reused: { 'zh-CN': '新密码不能与当前密码相同', 'en-US': 'The new password must differ from the current one' },
  wrong_password: { 'zh-CN': '当前密码不正确', 'en-US': 'The current password is not correct' },
  rate_limited: { 'zh-CN': '请求过于频繁，请稍后再试', 'en-US': 'Too many requests; try again later' },
  payload_too_large: { 'zh-CN': '提交的内容过大', 'en-US': 'The request is too large' },
  unsupported_media_type: { 'zh-CN': '不支持的内容类型', 'en-US': 'Unsupported content type' },
  internal: { 'zh-CN': '服务器内部错误，请稍后重试（请求编号 {requestId}）', 'en-US': 'Internal server error; try again later (request {requestId})' },
  unavailable: { 'zh-CN': '服务暂不可用', 'en-US': 'Service unavailable' },
  database_unavailable: { 'zh-CN': '数据库暂时无法访问，本次操作未完成，请约 {retryAfter} 秒后重试', 'en-US': 'The database cannot be reached right now; nothing was done. Try again in about {retryAfter} seconds' },
  storage_full: { 'zh-CN': '服务器存储空间已满，本次内容未保存，请联系系统管理员', 'en-US': 'The server is out of storage space; nothing was saved. Contact your system administrator' },
};

/** Reasons for one field, from zod issue codes and domain rules. */
const fieldReasons: Dict = {
  required: { 'zh-CN': '必填', 'en-US': 'is required' },
  invalid_type: { 'zh-CN': '类型不正确（应为 {expected}）', 'en-US': 'has the wrong type (expected {expected})' },
  too_small: { 'zh-CN': '不能少于 {minimum}', 'en-US': 'must be at least {minimum}' },
  too_big: { 'zh-CN': '不能超过 {maximum}', 'en-US': 'must be at most {maximum}' },
  too_short: { 'zh-CN': '长度不能少于 {minimum} 个字符', 'en-US': 'must have at least {minimum} characters' },
  too_long: { 'zh-CN': '长度不能超过 {maximum} 个字符', 'en-US': 'must have at most {maximum} characters' },
  invalid_value: { 'zh-CN': '取值不在允许范围内（{options}）', 'en-US': 'must be one of {options}' },
  invalid_format: { 'zh-CN': '格式不正确', 'en-US': 'has an invalid format' },
  unrecognized_keys: { 'zh-CN': '包含不允许的字段：{keys}', 'en-US': 'has unknown fields: {keys}' },
  invalid_union: { 'zh-CN': '取值不正确', 'en-US': 'is not valid' },
  custom: { 'zh-CN': '取值不正确', 'en-US': 'is not valid' },
  invalid_uscc: { 'zh-CN': '不是有效的统一社会信用代码（GB 32100 校验位不符）', 'en-US': 'is not a valid unified social credit code (GB 32100 check character mismatch)' },
  uscc_required: { 'zh-CN': '企业必须填写统一社会信用代码', 'en-US': 'is required for an enterprise' },
  invalid_region: { 'zh-CN': '不是已知的行政区划代码（GB/T 2260）', 'en-US': 'is not a known administrative division code (GB/T 2260)' },
  invalid_parent: { 'zh-CN': '上级组织不存在或不可用', 'en-US': 'does not name an available parent organisation' },
  enterprise_leaf: { 'zh-CN': '企业下不能再建下级组织', 'en-US': 'an enterprise cannot have sub-organisations' },
  root_exists: { 'zh-CN': '已存在根组织', 'en-US': 'a root organisation already exists' },
  unknown_role: { 'zh-CN': '未知角色：{role}', 'en-US': 'unknown role: {role}' },
  not_self: { 'zh-CN': '不能修改自己的组织、角色或状态', 'en-US': 'you cannot change your own organisation, roles or status' },
  changed_meanwhile: { 'zh-CN': '已被他人修改', 'en-US': 'was changed by someone else meanwhile' },
  invalid_sort: { 'zh-CN': '不支持按该字段排序', 'en-US': 'cannot sort by this field' },
  already_registered: { 'zh-CN': '已登记（可能刚由他人提交）', 'en-US': 'is already registered (perhaps just now, by someone else)' },
  already_taken: { 'zh-CN': '已被使用（可能刚由他人提交）', 'en-US': 'is already taken (perhaps just now, by someone else)' },
  transfer_pending: { 'zh-CN': '已有待处理的调动申请', 'en-US': 'already has a pending transfer request' },
  nul_character: { 'zh-CN': '含有不允许的空字符（NUL）', 'en-US': 'contains a NUL character, which is not allowed' },
  invalid_utf8: { 'zh-CN': '不是有效的 UTF-8 文本', 'en-US': 'is not valid UTF-8 text' },
};

const fieldLabels: Dict = {
  query: { 'zh-CN': '查询参数', 'en-US': 'query' },
  body: { 'zh-CN': '请求内容', 'en-US': 'body' },
  name: { 'zh-CN': '名称', 'en-US': 'name' },
  parentId: { 'zh-CN': '上级组织', 'en-US': 'parent organisation' },
  kind: { 'zh-CN': '组织类型', 'en-US': 'kind' },
  level: { 'zh-CN': '层级', 'en-US': 'level' },
  regionCode: { 'zh-CN': '行政区划代码', 'en-US': 'region code' },
  uscc: { 'zh-CN': '统一社会信用代码', 'en-US': 'unified social credit code' },
  unionName: { 'zh-CN': '基层工会名称', 'en-US': 'grassroots union name' },
  username: { 'zh-CN': '用户名', 'en-US': 'username' },
  password: { 'zh-CN': '密码', 'en-US': 'password' },
  newPassword: { 'zh-CN': '新密码', 'en-US': 'new password' },
  currentPassword: { 'zh-CN': '当前密码', 'en-US': 'current password' },
  displayName: { 'zh-CN': '姓名', 'en-US': 'display name' },
  orgId: { 'zh-CN': '所属组织', 'en-US': 'organisation' },
  roles: { 'zh-CN': '角色', 'en-US': 'roles' },
  status: { 'zh-CN': '状态', 'en-US': 'status' },
  page: { 'zh-CN': '页码', 'en-US': 'page' },
  pageSize: { 'zh-CN': '每页条数', 'en-US': 'page size' },
  sort: { 'zh-CN': '排序', 'en-US': 'sort' },
  code: { 'zh-CN': '验证码', 'en-US': 'code' },
  totpCode: { 'zh-CN': '动态验证码', 'en-US': 'one-time code' },
  locale: { 'zh-CN': '语言', 'en-US': 'language' },
};

const entityNames: Dict = {
  organisation: { 'zh-CN': '组织', 'en-US': 'Organisation' },
  user: { 'zh-CN': '用户', 'en-US': 'User' },
  record: { 'zh-CN': '记录', 'en-US': 'Record' },
};

/**
 * Domain modules add their own field labels, field reasons and entity names from a
 * `<module>.messages.ts`, so this file stays the platform's.
 */
export function addMessages(m: { fieldLabels?: Dict; fieldReasons?: Dict; entityNames?: Dict }): void {
  Object.assign(fieldLabels, m.fieldLabels);
  Object.assign(fieldReasons, m.fieldReasons);
  Object.assign(entityNames, m.entityNames);
}
export type MessageDict = Dict;

function fill(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => (params[k] !== undefined ? String(params[k]) : `{${k}}`));
}

export function resolveLocale(preferred: string | null | undefined, acceptLanguage: string | undefined): Locale {
  if (preferred === 'zh-CN' || preferred === 'en-US') return preferred;
  if (acceptLanguage) {
    for (const part of acceptLanguage.split(',')) {
      const tag = part.split(';')[0]?.trim().toLowerCase() ?? '';
      if (tag.startsWith('zh')) return 'zh-CN';
      if (tag.startsWith('en')) return 'en-US';
    }
  }
  return 'zh-CN';
}

export function fieldLabel(path: string, locale: Locale): string {
  const last = path.split('.').filter((p) => !/^\d+$/.test(p)).pop() ?? path;
  return fieldLabels[last]?.[locale] ?? last;
}

export function fieldMessage(f: FieldError, locale: Locale): string {
  const reason = fieldReasons[f.code]?.[locale] ?? fieldReasons.custom![locale];
  const label = fieldLabel(f.path, locale);
  return locale === 'zh-CN' ? `${label}${fill(reason, f.params)}` : `${label} ${fill(reason, f.params)}`;
}

export function errorMessage(code: ErrorCode, params: Record<string, string | number>, locale: Locale): string {
  const p = { ...params };
  if (typeof p.entity === 'string') p.entity = entityNames[p.entity]?.[locale] ?? p.entity;
  // A reason code (file_rejected {reason}) reads as its translated text when a module defines one.
  if (typeof p.reason === 'string' && fieldReasons[p.reason]) p.reason = fieldReasons[p.reason]![locale];
  return fill(errorMessages[code][locale], p);
}
