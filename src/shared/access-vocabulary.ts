// Roles and permissions, declared once for the server (platform/access.ts enforces them) and the
// web app (what the menu shows, which pages a user may open). A role is a fixed set of permissions.

export const ROLES = [
  'admin',
  'federation_staff',
  'member_unit_liaison',
  'enterprise_staff',
  'viewer',
  'news_second_reviewer',
  'news_final_reviewer',
  'worker',
] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'orgs.read',
  'orgs.write',
  'users.read',
  'users.write',
  'audit.read',
  'system.admin',
  'people.read',
  'people.write',
  'people.import',
  'people.pii',
  'tasks.read',
  'tasks.write',
  'tasks.report',
  'dashboard.read',
  // news desk: write and submit, then the three review steps (一审, 二审, 三审 sign-off)
  'news.read',
  'news.write',
  'news.review1',
  'news.review2',
  'news.review3',
  'innovation.read',
  'innovation.write',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: PERMISSIONS,
  // people.pii (unmasked ID numbers and phones) is the admin's alone by default. Federation staff
  // hold people.write/import too: a role is grantable only with all its permissions, and they
  // create the enterprise_staff accounts.
  federation_staff: [
    'orgs.read',
    'orgs.write',
    'users.read',
    'users.write',
    'audit.read',
    'people.read',
    'people.write',
    'people.import',
    'tasks.read',
    'tasks.write',
    'tasks.report',
    'dashboard.read',
    'news.read',
    'news.write',
    'news.review1',
    'innovation.read',
    'innovation.write',
  ],
  // tasks.write lets a lower level add its own optional tasks in its subtree; programmes need a federation.
  member_unit_liaison: [
    'orgs.read',
    'users.read',
    'people.read',
    'tasks.read',
    'tasks.write',
    'tasks.report',
    'dashboard.read',
    'innovation.read',
  ],
  enterprise_staff: [
    'orgs.read',
    'users.read',
    'people.read',
    'people.write',
    'people.import',
    'tasks.read',
    'tasks.write',
    'tasks.report',
    'dashboard.read',
    'innovation.read',
    'innovation.write',
  ],
  // The news desk's second review (二审, e.g. the head of publicity) and sign-off (三审, the leader in
  // charge): each step of an article's review by a named role of the publishing organisation.
  news_second_reviewer: ['orgs.read', 'news.read', 'news.review2'],
  news_final_reviewer: ['orgs.read', 'news.read', 'news.review3'],
  viewer: ['orgs.read', 'people.read', 'tasks.read', 'dashboard.read', 'innovation.read'],
  // A worker signs in as their own registry person (users.person_id): the innovation module limits
  // them to the proposals they are a proposer of, and to submitting them.
  worker: ['innovation.read', 'innovation.write'],
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
