// zh-CN / en-US messages of the organisation tree (namespace `orgs`); see platform/i18n.ts for the keys.
import { defineMessages } from '../../platform/i18n.js';

export const orgsMessages = defineMessages('orgs', {
  'label.body.name': ['名称', 'name'],
  'label.body.version': ['版本', 'version'],
  'label.query.version': ['版本', 'version'],
  'label.body.parentId': ['上级组织', 'parent organisation'],
  'label.body.kind': ['组织类型', 'organisation type'],
  'label.body.level': ['组织层级', 'organisation level'],
  'label.body.regionCode': ['行政区划代码', 'region code'],
  'label.body.uscc': ['统一社会信用代码', 'unified social credit code'],
  'label.body.unionName': ['基层工会名称', 'grassroots union name'],
  'label.body.industryCode': ['行业分类（GB/T 4754-2017）', 'industry (GB/T 4754-2017)'],
  'label.params.id': ['组织编号', 'organisation id'],
  'label.query.includeArchived': ['含已归档', 'include archived'],
  'label.query.kind': ['组织类型', 'organisation type'],
  'label.query.parentCode': ['上级行政区划代码', 'parent region code'],
  'label.query.parentId': ['上级组织', 'parent organisation'],
  'label.query.q': ['查询内容', 'search text'],

  'reason.invalid_uscc': ['{label}的校验位不符（GB 32100），不是有效的统一社会信用代码', '{label} has a wrong check character (GB 32100)'],
  'reason.uscc_required': ['企业必须填写{label}', '{label} is required for an enterprise'],
  'reason.invalid_region': [
    '{label}不是已知的行政区划代码（GB/T 2260）',
    '{label} is not a known administrative division code (GB/T 2260)',
  ],
  'reason.invalid_parent': ['{label}不存在或不可用', '{label} does not exist or is not available'],
  'reason.enterprise_leaf': [
    '{label}是企业，企业下不能再建下级组织',
    '{label} is an enterprise, and an enterprise cannot have sub-organisations',
  ],
  'reason.root_exists': ['已存在根组织', 'A root organisation already exists'],
});
