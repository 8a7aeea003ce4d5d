// zh-CN / en-US messages of the results dashboard (namespace `dashboard`); see platform/i18n.ts for the keys.
import { defineMessages } from '../../platform/i18n.js';

export const dashboardMessages = defineMessages('dashboard', {
  'label.query.orgId': ['统计范围', 'organisation'],
  'label.query.bySection': ['按行业门类分列', 'by industry section'],
  'label.query.within': ['所在地区', 'within'],
});
