// zh-CN / en-US messages of the results dashboard (namespace `dashboard`); see platform/i18n.ts for the keys.
import { defineMessages } from '../../platform/i18n.js';

export const dashboardMessages = defineMessages('dashboard', {
  'label.query.orgId': ['统计范围', 'organisation'],
});
