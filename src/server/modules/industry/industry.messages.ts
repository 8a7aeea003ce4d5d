// zh-CN / en-US messages of the industry chain (namespace `industry`); see platform/i18n.ts for the keys.
import { defineMessages } from '../../platform/i18n.js';

export const industryMessages = defineMessages('industry', {
  'label.params.id': ['编号', 'id'],
  'label.params.division': ['行业大类代码', 'industry division'],
  'label.body.unionId': ['产业工会', 'industry union'],
  'label.body.unionIds': ['产业工会', 'industry unions'],
  'label.query.unionId': ['产业工会', 'industry union'],
  'label.query.status': ['状态', 'status'],
  'label.query.q': ['查询内容', 'search text'],
  'label.query.sort': ['排序', 'sort'],
  'label.query.page': ['页码', 'page'],
  'label.query.pageSize': ['每页条数', 'page size'],

  'reason.not_industry_union': ['{label}不是产业工会', '{label} is not an industry union'],
  'reason.not_enterprise': ['只有企业可以隶属产业工会', 'Only an enterprise can be affiliated to an industry union'],
  'reason.no_industry_code': ['该企业尚未填写行业分类', 'The enterprise has no industry classification yet'],
  'reason.already_affiliated': [
    '该企业已隶属（或已提出隶属）{label}',
    'The enterprise is already affiliated (or proposed) to this {label}',
  ],
  'reason.not_proposed': ['只有待确认的隶属可以确认或拒绝', 'Only a proposed affiliation can be confirmed or declined'],
  'reason.not_open': ['该隶属已终止', 'The affiliation has already ended'],
  'reason.national_only': ['行业与产业工会的对应关系由全国总工会设置', 'The industry-to-union mapping is set at the national level'],
});
