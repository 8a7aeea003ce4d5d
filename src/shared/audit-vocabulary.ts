// What the audit log records: every action and entity type a write, sign-in or refusal can log.
// Shared by the server (writeAudit only takes these, so the compiler finds a new one) and the web
// app (the audit page's filters, and a label in both languages for each: the compiler checks).

export const AUDIT_ACTIONS = [
  // any entity
  'create',
  'update',
  'delete',
  'move',
  'archive',
  'restore',
  'export',
  'download',
  'view_pii',
  'permission_denied',
  // sign-in and accounts
  'login',
  'login_failed',
  'logout',
  'lock',
  'unlock',
  'enable',
  'disable',
  'change_password',
  'reset_password',
  'enable_totp',
  'disable_totp',
  'reset_totp',
  'update_preferences',
  // notifications
  'notification_read',
  'notifications_read_all',
  // worker registry
  'add_skill',
  'remove_skill',
  'add_honour',
  'remove_honour',
  'request_transfer',
  'approve_transfer',
  'reject_transfer',
  'cancel_transfer',
  'upload',
  'validate',
  'commit',
  'resume_commit',
  'import_committed',
  'decide_conflicts',
  'purge_expired',
  'generate',
  // reform tasks
  'hand_down',
  'submit',
  'resubmit',
  'accept',
  'return',
  'attach',
  'detach',
  'supervise',
  'respond',
  'refresh_status',
  // employee innovation
  'reject',
  'send_to_experts',
  'adopt',
  'implement',
  'verify_benefit',
  'pay',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_ENTITY_TYPES = [
  'organisation',
  'user',
  'route',
  'notification',
  'person',
  'skill',
  'honour',
  'import',
  'transfer',
  'craftsman_title',
  'dataset',
  'programme',
  'goal',
  'task',
  'task_tag',
  'report',
  'attachment',
  'supervision',
  'innovation_item',
] as const;
export type AuditEntityType = (typeof AUDIT_ENTITY_TYPES)[number];

/** The dictionary keys of their labels. */
export type AuditLabelKey = `audit.actions.${AuditAction}` | `audit.entities.${AuditEntityType}`;
