// The frame of every signed-in page: side menu, header with language switch and user menu.
import {
  ApartmentOutlined,
  ClusterOutlined,
  AuditOutlined,
  ReadOutlined,
  SendOutlined,
  DashboardOutlined,
  GlobalOutlined,
  IdcardOutlined,
  LogoutOutlined,
  SettingOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { AlertOutlined, FileDoneOutlined, ProjectOutlined, ScheduleOutlined, SolutionOutlined, TableOutlined } from '@ant-design/icons';
import { BookOutlined, CalendarOutlined, CarOutlined, FormOutlined } from '@ant-design/icons';
import { BarChartOutlined, BulbOutlined, FlagOutlined, PieChartOutlined, TrophyOutlined, UsergroupAddOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Avatar, Button, Dropdown, Flex, Layout, Menu, Spin, Typography } from 'antd';
import type { MenuProps } from 'antd';
import { Suspense, useEffect, useState, type ReactNode } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { LOCALES, useI18n, type Locale } from '../i18n';
import { NotificationBell } from '../modules/notifications/notification-bell';
import { preloadPages } from '../pages';
import { useSession, type Permission } from '../session';
import { useErrorHandler } from '../shared/use-error-handler';
import { useFocusableScrollAreas } from '../shared/use-focusable-scroll-areas';
import type { MessageKey } from '../locales/zh-cn';

const { Sider, Header, Content } = Layout;

interface NavItem {
  path: string;
  label: MessageKey;
  icon: ReactNode;
  permission: Permission;
  /** Union staff only: a worker (who follows their own proposals) does not see it. */
  staffOnly?: true;
}

const NAV: NavItem[] = [
  { path: '/dashboard', label: 'nav.dashboard', icon: <DashboardOutlined />, permission: 'dashboard.read' },
  { path: '/orgs', label: 'nav.orgs', icon: <ApartmentOutlined />, permission: 'orgs.read' },
  { path: '/industry', label: 'nav.industry', icon: <ClusterOutlined />, permission: 'orgs.read' },
  { path: '/users', label: 'nav.users', icon: <TeamOutlined />, permission: 'users.read' },
  { path: '/people', label: 'nav.people', icon: <IdcardOutlined />, permission: 'people.read' },
  { path: '/programmes', label: 'nav.programmes', icon: <ProjectOutlined />, permission: 'tasks.read' },
  { path: '/tasks/mine', label: 'nav.myTasks', icon: <ScheduleOutlined />, permission: 'tasks.report' },
  { path: '/tasks/ledger', label: 'nav.ledger', icon: <TableOutlined />, permission: 'tasks.read' },
  { path: '/tasks/reviews', label: 'nav.reviews', icon: <FileDoneOutlined />, permission: 'tasks.write' },
  { path: '/tasks/board', label: 'nav.board', icon: <AlertOutlined />, permission: 'tasks.read' },
  { path: '/tasks/summary', label: 'nav.summary', icon: <SolutionOutlined />, permission: 'tasks.read' },
  { path: '/news', label: 'nav.news', icon: <ReadOutlined />, permission: 'news.read' },
  { path: '/news/submissions', label: 'nav.newsSubmissions', icon: <SendOutlined />, permission: 'news.read' },
  { path: '/research-plan', label: 'nav.researchPlan', icon: <BookOutlined />, permission: 'tasks.read' },
  { path: '/visits', label: 'nav.visits', icon: <CarOutlined />, permission: 'tasks.read' },
  { path: '/returns', label: 'nav.returns', icon: <FormOutlined />, permission: 'tasks.read' },
  { path: '/meetings', label: 'nav.meetings', icon: <TeamOutlined />, permission: 'tasks.read' },
  { path: '/calendar', label: 'nav.calendar', icon: <CalendarOutlined />, permission: 'tasks.read' },
  { path: '/studios', label: 'nav.studios', icon: <BulbOutlined />, permission: 'innovation.read' },
  { path: '/studio-calls', label: 'nav.studioCalls', icon: <FlagOutlined />, permission: 'innovation.read' },
  { path: '/studio-dashboard', label: 'nav.studioDashboard', icon: <BarChartOutlined />, permission: 'innovation.read' },
  { path: '/mentorships', label: 'nav.mentorships', icon: <UsergroupAddOutlined />, permission: 'innovation.read' },
  { path: '/proposals', label: 'nav.proposals', icon: <BulbOutlined />, permission: 'innovation.read' },
  {
    path: '/proposals/selections',
    label: 'nav.innovationSelections',
    icon: <TrophyOutlined />,
    permission: 'innovation.read',
    staffOnly: true,
  },
  {
    path: '/proposals/dashboard',
    label: 'nav.innovationDashboard',
    icon: <PieChartOutlined />,
    permission: 'innovation.read',
    staffOnly: true,
  },
  { path: '/audit', label: 'nav.audit', icon: <AuditOutlined />, permission: 'audit.read' },
];

export function LanguageSwitch() {
  const { locale, t } = useI18n();
  const { changeLocale } = useSession();
  const onError = useErrorHandler();
  const items: MenuProps['items'] = LOCALES.map((l) => ({ key: l, label: t(`locale.${l}`) }));
  return (
    <Dropdown
      menu={{ items, selectable: true, selectedKeys: [locale], onClick: ({ key }) => changeLocale(key as Locale).catch(onError) }}
      trigger={['click']}
    >
      {/* The name holds the visible text (WCAG 2.5.3 label in name): "Language: English". */}
      <Button type="text" icon={<GlobalOutlined />} aria-label={t('header.language', { language: t(`locale.${locale}`) })}>
        {t(`locale.${locale}`)}
      </Button>
    </Dropdown>
  );
}

function UserMenu() {
  const { user, signOut } = useSession();
  const { t } = useI18n();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const items: MenuProps['items'] = [
    { key: 'profile', icon: <SettingOutlined />, label: t('header.profile') },
    { type: 'divider' },
    { key: 'logout', icon: <LogoutOutlined />, label: t('header.signOut') },
  ];
  const onClick: MenuProps['onClick'] = ({ key }) => {
    if (key === 'profile') navigate('/profile');
    if (key === 'logout') {
      void signOut().then(() => {
        void message.success(t('auth.signedOut'));
        navigate('/login', { replace: true });
      });
    }
  };
  return (
    <Dropdown menu={{ items, onClick }} trigger={['click']}>
      <Button type="text" aria-label={t('header.userMenu', { name: user?.displayName ?? '' })} style={{ height: 48 }}>
        <Avatar size="small" icon={<UserOutlined />} style={{ background: '#c8102e' }} />
        <span>{user?.displayName}</span>
      </Button>
    </Dropdown>
  );
}

export function AppLayout() {
  const { t } = useI18n();
  const { can, user } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  const [collapsed, setCollapsed] = useState(false);
  useFocusableScrollAreas();
  // Signed in: the other pages' code is fetched while the user reads this one.
  useEffect(() => {
    const timer = setTimeout(preloadPages, 1500);
    return () => clearTimeout(timer);
  }, []);
  // The longest matching entry: /news/submissions is its own entry under /news.
  const selected = NAV.filter((n) => location.pathname.startsWith(n.path)).sort((a, b) => b.path.length - a.path.length)[0]?.path;
  // A menu item opens its page with fresh data: everything cached becomes stale, so the page opened
  // refetches what it shows; clicked again on its own page (the review queue, to see a report
  // resubmitted a moment ago), what is on screen refetches at once.
  const onMenuClick: MenuProps['onClick'] = ({ key }) => {
    void queryClient.invalidateQueries({ refetchType: key === location.pathname ? 'active' : 'none' });
    navigate(key);
  };
  const isWorker = !!user?.roles.includes('worker');
  const items: MenuProps['items'] = NAV.filter((n) => can(n.permission) && !(n.staffOnly && isWorker)).map((n) => ({
    key: n.path,
    icon: n.icon,
    label: t(n.label),
  }));

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Sider collapsible collapsed={collapsed} onCollapse={setCollapsed} width={216}>
        <Flex align="center" gap={10} style={{ height: 64, padding: '0 20px', overflow: 'hidden' }}>
          <div
            style={{
              width: 32,
              height: 32,
              flex: 'none',
              borderRadius: 6,
              background: '#c8102e',
              color: '#fff',
              display: 'grid',
              placeItems: 'center',
              fontWeight: 700,
            }}
          >
            {t('app.logoChar')}
          </div>
          {!collapsed && (
            <Typography.Text strong style={{ color: '#fff', fontSize: 16, whiteSpace: 'nowrap' }}>
              {t('app.name')}
            </Typography.Text>
          )}
        </Flex>
        <Menu theme="dark" mode="inline" selectedKeys={selected ? [selected] : []} items={items} onClick={onMenuClick} />
      </Sider>
      <Layout>
        <Header
          style={{
            background: '#fff',
            padding: '0 24px',
            borderBottom: '1px solid #f0f0f0',
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'space-between',
          }}
        >
          <Typography.Text type="secondary">{t('app.subtitle')}</Typography.Text>
          <Flex align="center" gap={8}>
            <Typography.Text type="secondary">{user?.orgName}</Typography.Text>
            <NotificationBell />
            <LanguageSwitch />
            <UserMenu />
          </Flex>
        </Header>
        <Content style={{ margin: 16 }}>
          <Suspense
            fallback={
              <Flex justify="center" style={{ padding: 48 }}>
                <Spin size="large" />
              </Flex>
            }
          >
            <Outlet />
          </Suspense>
        </Content>
      </Layout>
    </Layout>
  );
}
