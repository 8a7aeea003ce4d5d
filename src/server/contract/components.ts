// Component names of the API's main response schemas, declared once: the OpenAPI document refers to
// them as #/components/schemas/<Name>, and the generated web types (src/web/api/schema.d.ts) carry
// the same names, e.g. components['schemas']['PersonView']. A schema used in a request body is
// named <Name>Input there. Add a line here when a module gains a response shape the web names.
import { z } from 'zod';
import { sessionView, totpSetupView } from '../modules/auth/auth.schemas.js';
import * as dashboard from '../modules/dashboard/dashboard.schemas.js';
import * as industry from '../modules/industry/industry.schemas.js';
import { notificationList, notificationView } from '../modules/notifications/notifications.schemas.js';
import { orgDetailView, orgList, orgListItem, orgView, regionList } from '../modules/orgs/orgs.schemas.js';
import { titleView } from '../modules/people/honours.schemas.js';
import { importErrorList, importView, previewList } from '../modules/people/imports.schemas.js';
import { peopleMetaView } from '../modules/people/people.meta.js';
import * as people from '../modules/people/people.schemas.js';
import * as tasks from '../modules/tasks/tasks.schemas.js';
import * as news from '../modules/news/news.schemas.js';
import * as innovation from '../modules/innovation/innovation.schemas.js';
import { metaView, userList, userView } from '../modules/users/users.schemas.js';

const COMPONENTS: Record<string, z.ZodType> = {
  // auth, users
  UserView: userView,
  UserList: userList,
  SessionView: sessionView,
  TotpSetup: totpSetupView,
  AccessMeta: metaView,
  // orgs
  OrgView: orgView,
  OrgListItem: orgListItem,
  OrgList: orgList,
  OrgDetail: orgDetailView,
  Region: regionList.element,
  // people
  PersonView: people.personView,
  PersonDetail: people.personDetailView,
  PersonList: people.personList,
  SkillView: people.skillView,
  HonourView: people.honourView,
  TransferView: people.transferView,
  PersonPii: people.piiView,
  CreatePersonResult: people.createPersonResult,
  PeopleMeta: peopleMetaView,
  CraftsmanTitle: titleView,
  ImportView: importView,
  ImportError: importErrorList.shape.items.element,
  PreviewRow: previewList.element,
  // notifications
  NotificationView: notificationView,
  NotificationList: notificationList,
  // tasks
  TaskOrgRef: tasks.orgRef,
  TagView: tasks.tagView,
  GoalView: tasks.goalView,
  ProgrammeView: tasks.programmeView,
  ProgrammeDetail: tasks.programmeDetailView,
  TargetView: tasks.targetView,
  TaskRow: tasks.taskRow,
  TaskDetail: tasks.taskDetailView,
  SupervisionView: tasks.supervisionView,
  ReportValue: tasks.valueView,
  ReportView: tasks.reportView,
  ReportDetail: tasks.reportDetailView,
  AttachmentView: tasks.attachmentView,
  BoardView: tasks.boardView,
  MetricTotal: tasks.metricTotal,
  SummaryView: tasks.summaryView,
  // dashboard
  Figures: dashboard.figures,
  DashboardOrgRef: dashboard.orgRef,
  TrendPoint: dashboard.trendPoint,
  DashboardView: dashboard.dashboardView,
  // news desk
  ArticleContent: news.contentView,
  ArticleView: news.articleView,
  ArticleListItem: news.articleListItem,
  ArticleList: news.articleList,
  ArticleReview: news.reviewView,
  ArticleDiff: news.diffView,
  ConfidentialityFlags: news.flagList,
  PortalView: news.portalView,
  NewsImage: news.imageView,
  // innovation
  StudioRow: innovation.studioRow,
  StudioDetail: innovation.studioDetail,
  NamingView: innovation.namingView,
  CallView: innovation.callView,
  ApplicationView: innovation.applicationView,
  PairView: innovation.pairView,
  TalentView: innovation.talentView,
  // industry chain
  IndustriesView: industry.industriesView,
  IndustryMapping: industry.mappingView,
  AffiliationView: industry.affiliationView,
  AffiliationList: industry.affiliationList,
};

/** Registers the names in zod's global registry (idempotent), keeping each schema's other metadata. */
export function nameApiComponents(): void {
  for (const [id, schema] of Object.entries(COMPONENTS)) {
    z.globalRegistry.add(schema, { ...z.globalRegistry.get(schema), id });
  }
}
