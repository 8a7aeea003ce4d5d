// The notifications module's strings, its i18next namespace `notifications` (zh-CN default, en-US; ICU messages).
import { useNamespaceT } from '../../i18n';
import { defineNamespace } from '../../i18next';

const zh = {
  title: '消息通知',
  bell: '通知',
  // No brackets around the count: axe (label-content-name-mismatch) drops bracketed text, full-width
  // ones too, before it looks for the badge's visible count in the name.
  bellUnread: '通知：{count} 条未读',
  markAllRead: '全部标为已读',
  markRead: '标为已读',
  markedAllRead: '已全部标为已读',
  viewAll: '查看全部通知',
  unreadOnly: '只看未读',
  empty: '暂无通知',
  emptyUnread: '没有未读通知',
  unread: '未读',
  read: '已读',
  total: '共 {total} 条，{unread} 条未读',
  'col.title': '内容',
  'col.kind': '类型',
  'col.createdAt': '时间',
  'col.status': '状态',
  'kind.task_assigned': '任务下达',
  'kind.report_returned': '报送退回',
  'kind.report_submitted': '报送提交',
  'kind.report_accepted': '报送通过',
  'kind.supervision': '督办',
  'kind.deadline': '到期提醒',
};
type Key = keyof typeof zh;

const en: Record<Key, string> = {
  title: 'Notifications',
  bell: 'Notifications',
  bellUnread: 'Notifications: {count} unread',
  markAllRead: 'Mark all read',
  markRead: 'Mark read',
  markedAllRead: 'All notifications marked read',
  viewAll: 'View all notifications',
  unreadOnly: 'Unread only',
  empty: 'No notifications',
  emptyUnread: 'No unread notifications',
  unread: 'Unread',
  read: 'Read',
  total: '{total} in all, {unread} unread',
  'col.title': 'Notification',
  'col.kind': 'Type',
  'col.createdAt': 'Time',
  'col.status': 'Status',
  'kind.task_assigned': 'Task assigned',
  'kind.report_returned': 'Report returned',
  'kind.report_submitted': 'Report submitted',
  'kind.report_accepted': 'Report accepted',
  'kind.supervision': 'Supervision',
  'kind.deadline': 'Deadline',
};

defineNamespace('notifications', zh, en);

export type NotificationsKey = Key;

export function useNotificationsT() {
  return useNamespaceT<Key>('notifications');
}
