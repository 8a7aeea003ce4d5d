// zh-CN / en-US messages of the audit log (namespace `audit`); see platform/i18n.ts for the keys.
import { defineMessages } from '../../platform/i18n.js';

export const auditMessages = defineMessages('audit', {
  'label.query.action': ['操作', 'action'],
  'label.query.actor': ['操作人', 'actor'],
  'label.query.entityId': ['对象编号', 'entity id'],
  'label.query.entityType': ['对象类型', 'entity type'],
  'label.query.from': ['开始时间', 'start time'],
  'label.query.to': ['结束时间', 'end time'],
});
