// zh-CN / en-US messages of the notifications module (namespace `notifications`); see platform/i18n.ts for the keys.
import { defineMessages } from '../../platform/i18n.js';

export const notificationsMessages = defineMessages('notifications', {
  'label.params.id': ['通知编号', 'notification id'],
  'label.query.unread': ['仅未读', 'unread only'],
  'entity.notification': ['通知', 'Notification'],
});
