// zh-CN / en-US names of the notifications module, added to the platform's dictionaries.
import { addMessages } from '../../platform/i18n.js';

addMessages({
  entityNames: { notification: { 'zh-CN': '通知', 'en-US': 'Notification' } },
  fieldLabels: { unread: { 'zh-CN': '仅未读', 'en-US': 'unread only' } },
});
