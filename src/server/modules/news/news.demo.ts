// Demo news: the two seed stories published in Chinese on the demo portals (滨州 and 山东 show the
// Binzhou meeting story of seed 004; 湖南 shows the visit story of seed 000), each drafted from its
// record's facts by the genre template, edited as an editor would, and carried through the three
// reviews by the demo reviewers. Idempotent through seedDemo (which runs once).
import type { Transaction } from 'kysely';
import type { Database, OrganisationRow } from '../../db/schema.js';
import { writeAudit } from '../../platform/audit.js';
import { draftFromFacts, type MeetingFacts, type VisitFacts } from './news.drafting.js';
import * as repo from './news.repository.js';
import { insertSubmission, type SubmissionValues } from './submissions.repository.js';
import { searchTextOf } from './news.service.js';
import type { ArticleContent, ReviewCredits } from './news.tables.js';

type Trx = Transaction<Database>;

/** The meeting behind seed 004, as the meetings module will hold it. */
export const SEED_004_MEETING: MeetingFacts = {
  genre: 'meeting',
  date: '2024-02-27',
  place: '山东省滨州市',
  topic: '“四链”融合深入推进产业工人队伍建设改革座谈会',
  organiser: '滨州市',
  attendees: ['市产改协调小组有关成员单位', '部分市属企业负责同志'],
  reporters: ['参会单位和企业'],
  affirmed: [
    '各有关单位和企业在产业工人队伍建设改革中取得的成绩，提出下一步工作要提高政治站位，充分认识推进产业工人队伍建设改革的重要性和紧迫性，自觉站在战略和全局的高度，深刻理解、准确把握推进产改工作的重大意义，不断增强思想自觉和行动自觉。',
  ],
  pointedOut: [
    '要聚焦目标任务，扎实推进产业工人队伍建设改革各项任务落地落实；要把产改工作作为分内之责、硬性任务，摆在突出位置，抓在手上、干出成效。',
  ],
  stressed: [
    '要创新工作举措，确保尽快取得实实在在的成效；要加强组织领导，压紧压实责任，按照各项工作要求创新举措、精准发力，确保“规定动作”不走样、“自选动作”有特色，以实际行动推动产业工人队伍建设改革实现新突破，为建设“品质滨州”注入强劲动力。',
  ],
  source: '中工网',
};

/** What the editor adds to the draft of seed 004: the page as published. */
export const SEED_004_EDITS = {
  column: '产改动态',
  headline: '山东滨州：创新举措精准发力 推动全市产改工作实现新突破',
  photo: {
    caption: '日前，滨州市召开“四链”融合深入推进产业工人队伍建设改革座谈会。图为会议现场。',
    credit: '滨州市总工会供图',
  },
  correspondents: ['孙川', '葛洪浦'],
  editorInCharge: '于晓舒',
  tags: ['四链融合'],
  /** 2024-02-29 09:06 Beijing time. */
  publishedAt: new Date('2024-02-29T01:06:00Z'),
};

/** The visit behind seed 000 (the testing-machine maker's stuffed phrases left out: see DOMAIN.md). */
export const SEED_000_VISIT: VisitFacts = {
  genre: 'visit',
  startDate: '2020-08-31',
  endDate: '2020-09-02',
  leader: '陈杰平',
  post: '中国机械冶金建材工会党组书记、主席',
  team: [],
  regions: ['湖南'],
  hosts: ['湘电', '湘钢等企业'],
  themes: ['企业复工复产和生产经营', '产业工人队伍建设', '深化工会改革创新'],
  findings: [
    '疫情期间，湘电、湘钢等企业坚持疫情防控和生产经营两手抓，各项工作取得显著成效。当前，产业革命已从机械化、电气化、信息化进入智能化时代，企业要进一步坚定信心，贯彻新发展理念，深化企业改革，调整产业结构，对标国际先进技术，加大科技创新和产品研发力度，不断提高产品科技含量和企业核心竞争力。',
  ],
  requirements: [
    '要大力弘扬劳模精神、劳动精神、工匠精神，充分发挥劳模工匠示范引领作用，积极搭建劳模创新平台，广泛开展名师带徒等活动；',
    '要扎实推进产业工人队伍建设，吸引和培养更多高技能人才，释放人才集聚效应，为企业发展提供有力人才支撑；',
    '要鼓励职工大胆开展技术创新和发明创造，加强产品研发，增强产品技术优势，推动技术升级和产业转型升级；',
    '要深化工会改革创新，加强基层工会组织建设，提升企业工会工作水平，更好服务企业发展和职工群众，为经济社会高质量发展作出更大贡献。',
  ],
  source: '湖南省总工会',
};

export const DEMO_PORTALS = [
  { org: '山东省总工会', slug: 'shandong', name: '山东工会' },
  { org: '滨州市总工会', slug: 'binzhou', name: '滨州工会' },
  { org: '湖南省总工会', slug: 'hunan', name: '湖南工会' },
] as const;
/** The national report centre for illegal and harmful information (a short number, not a personal phone). */
export const DEMO_HOTLINE = '12377';

async function publishDemo(
  trx: Trx,
  org: OrganisationRow,
  content: ArticleContent,
  publishedAt: Date,
  people: { author: string; first: string; second: string; final: string },
  users: Map<string, { id: string; name: string }>,
): Promise<string> {
  const u = (k: string) => users.get(k)!;
  const author = u(people.author);
  const id = await repo.insertArticle(trx, org.id, content, searchTextOf(content), author.id);
  await repo.insertVersion(trx, id, 1, content, author.id, author.name);
  const credits: ReviewCredits = {};
  for (const [step, who] of [
    ['review1', people.first],
    ['review2', people.second],
    ['review3', people.final],
  ] as const) {
    const r = u(who);
    credits[step] = { userId: r.id, name: r.name };
    await repo.insertReview(trx, {
      articleId: id,
      step,
      decision: 'pass',
      comment: '',
      version: 1,
      cleared: [],
      userId: r.id,
      name: r.name,
    });
  }
  await repo.updateArticle(trx, id, {
    status: 'published',
    credits,
    published: content,
    publishedText: searchTextOf(content),
    publishedAt,
    firstPublishedAt: publishedAt,
  });
  await writeAudit(
    trx,
    {},
    {
      action: 'publish',
      entityType: 'news_article',
      entityId: id,
      orgId: org.id,
      orgPath: org.path,
      after: { version: 1, credits, demo: true },
    },
  );
  return id;
}

export function seed004Content(imageId: string | null = null): ArticleContent {
  const draft = draftFromFacts(SEED_004_MEETING, null);
  return {
    ...draft,
    column: SEED_004_EDITS.column,
    headline: SEED_004_EDITS.headline,
    photos: [{ imageId, ...SEED_004_EDITS.photo, alt: SEED_004_EDITS.photo.caption }],
    correspondents: SEED_004_EDITS.correspondents,
    editorInCharge: SEED_004_EDITS.editorInCharge,
    tags: SEED_004_EDITS.tags,
  };
}

export async function seedNewsDemo(trx: Trx, byName: Map<string, OrganisationRow>): Promise<void> {
  for (const p of DEMO_PORTALS) {
    await repo.upsertPortal(trx, {
      orgId: byName.get(p.org)!.id,
      slug: p.slug,
      name: p.name,
      icp: '鲁ICP备00000000号-1（演示）',
      host: null,
      copyright: `Copyright © 2026 ${p.org} 版权所有（演示数据）`,
      hotline: DEMO_HOTLINE,
      showReviewCredits: true,
    });
  }
  const users = new Map(
    (await trx.selectFrom('users').select(['id', 'username', 'display_name']).execute()).map((r) => [
      r.username,
      { id: r.id, name: r.display_name },
    ]),
  );
  const binzhou = byName.get('滨州市总工会')!;
  const seed004 = await publishDemo(
    trx,
    binzhou,
    seed004Content(),
    SEED_004_EDITS.publishedAt,
    { author: 'binzhou', first: 'binzhou', second: 'bz_publicity', final: 'bz_leader' },
    users,
  );
  const visit: ArticleContent = {
    ...draftFromFacts(SEED_000_VISIT, null),
    column: '工作动态',
    headline: '陈杰平赴湖南调研企业复工复产和产业工人队伍建设工作',
    tags: ['产业工人队伍建设改革'],
  };
  const hunan = byName.get('湖南省总工会')!;
  const seed000 = await publishDemo(
    trx,
    hunan,
    visit,
    new Date('2020-09-03T02:00:00Z'),
    { author: 'hunan', first: 'hunan', second: 'hn_publicity', final: 'hn_leader' },
    users,
  );
  // The submission ledger (报送) of the two stories: where each was sent and what became of it.
  const demoSubmissions: [string, OrganisationRow, string, SubmissionValues][] = [
    [
      seed004,
      binzhou,
      'binzhou',
      { outlet: '工人日报', sentOn: '2024-02-29', outcome: 'adopted', adoptedOn: '2024-03-02', placement: '第3版', note: '' },
    ],
    [
      seed004,
      binzhou,
      'binzhou',
      { outlet: '省工人报', sentOn: '2024-02-29', outcome: 'adopted', adoptedOn: '2024-03-01', placement: '要闻版', note: '' },
    ],
    [seed004, binzhou, 'binzhou', { outlet: '中工网', sentOn: '2024-03-01', outcome: 'pending', adoptedOn: null, placement: '', note: '' }],
    [
      seed000,
      hunan,
      'hunan',
      { outlet: '工人日报', sentOn: '2020-09-03', outcome: 'adopted', adoptedOn: '2020-09-05', placement: '第2版', note: '' },
    ],
    [
      seed000,
      hunan,
      'hunan',
      { outlet: '上级工会信息简报', sentOn: '2020-09-04', outcome: 'not_adopted', adoptedOn: null, placement: '', note: '' },
    ],
  ];
  for (const [articleId, org, who, v] of demoSubmissions) {
    const id = await insertSubmission(trx, articleId, org.id, v, users.get(who)!.id);
    await writeAudit(
      trx,
      {},
      {
        action: 'create',
        entityType: 'news_submission',
        entityId: id,
        orgId: org.id,
        orgPath: org.path,
        after: { articleId, ...v, demo: true },
      },
    );
  }
}
