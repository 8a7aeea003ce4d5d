// The meeting's materials booklet as a Word document (issue 13 item 5), built with the maintained
// `docx` library: a cover (meeting, session, date, venue, convenor, host), the agenda (with the
// documents to review of each item), then each submitted pre-meeting report — the unit's
// implementation report and exchange speech as submitted, with the figures frozen at submission. The
// convenor's side gets every unit's report; an invited unit outside its subtree only its own (as on
// the meeting page). Downloading it is audited as an export.
import { AlignmentType, Document, HeadingLevel, Packer, PageBreak, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { isInScope } from '../../platform/access.js';
import { writeAudit } from '../../platform/audit.js';
import type { RequestContext } from '../../platform/http.js';
import { contentDisposition } from '../tasks/attachments.service.js';
import { auditMeeting, type SeenMeeting } from './fieldwork.policy.js';
import * as repo from './fieldwork.repository.js';
import type { ReportData } from './fieldwork.schemas.js';
import { filesByOwner } from './files.service.js';

type Item = { key?: string; title: string; presenter?: string; minutesAllowed?: number; documents?: string };

const TEXT = {
  'zh-CN': {
    materials: '会议材料汇编',
    session: (n: number) => `第 ${n} 次会议`,
    date: '会议日期',
    venue: '会议地点',
    convenor: '召集单位',
    host: '承办单位',
    agenda: '会议议程',
    presenter: '汇报人',
    minutes: (n: number) => `${n} 分钟`,
    documents: '审议材料',
    files: '附件',
    reports: '会前材料（落实情况报告及交流发言）',
    report: (org: string) => `${org}：落实情况报告及交流发言`,
    submittedAt: '报送时间',
    figures: '报送时的数据',
    programme: '改革方案',
    period: '报告期次',
    tasks: '牵头任务（项）',
    completed: '已完成（项）',
    submitted: '报送进展报告（份）',
    accepted: '审核通过（份）',
    metric: '指标',
    target: '目标值',
    actual: '完成值',
    share: '完成比例',
    overdue: '逾期事项',
    none: '尚无单位报送会前材料。',
    notSubmitted: '未报送单位',
    generated: '生成日期',
  },
  'en-US': {
    materials: 'Meeting materials',
    session: (n: number) => `Session ${n}`,
    date: 'Date',
    venue: 'Venue',
    convenor: 'Convenor',
    host: 'Host',
    agenda: 'Agenda',
    presenter: 'Presenter',
    minutes: (n: number) => `${n} min`,
    documents: 'Documents to review',
    files: 'Attachments',
    reports: 'Pre-meeting reports (implementation reports and exchange speeches)',
    report: (org: string) => `${org}: implementation report and exchange speech`,
    submittedAt: 'Submitted',
    figures: 'Figures as submitted',
    programme: 'Programme',
    period: 'Period',
    tasks: 'Tasks led',
    completed: 'Completed',
    submitted: 'Progress reports submitted',
    accepted: 'Reports accepted',
    metric: 'Metric',
    target: 'Target',
    actual: 'Actual',
    share: 'Share',
    overdue: 'Overdue items',
    none: 'No unit has submitted a pre-meeting report yet.',
    notSubmitted: 'Not yet submitted',
    generated: 'Generated',
  },
};

const FONT = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: 'SimSun' };
const para = (text: string, opts: { bold?: boolean; size?: number; center?: boolean } = {}) =>
  new Paragraph({
    alignment: opts.center ? AlignmentType.CENTER : undefined,
    children: [new TextRun({ text, bold: opts.bold, size: opts.size })],
  });
const heading = (text: string, level: (typeof HeadingLevel)[keyof typeof HeadingLevel]) =>
  new Paragraph({ heading: level, children: [new TextRun(text)] });
const cell = (text: string) => new TableCell({ children: [para(text)] });
const table = (rows: string[][]) =>
  new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows: rows.map((r) => new TableRow({ children: r.map(cell) })) });

const chinaDay = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
const chinaMinute = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

export async function bookletDocx(ctx: RequestContext, { meeting: m, full }: SeenMeeting) {
  const t = TEXT[ctx.locale === 'en-US' ? 'en-US' : 'zh-CN'];
  const [invitations, host, agendaFiles] = await Promise.all([
    repo.listInvitations(ctx.db, m.id),
    m.host_org_id ? repo.findOrgs(ctx.db, [m.host_org_id]) : Promise.resolve([]),
    filesByOwner(ctx.db, 'agenda_item', [String(m.id)]),
  ]);
  const seen = invitations.filter((i) => full || isInScope(ctx.actor, i.org_path, 'read'));
  const submitted = seen.filter((i) => i.report_status === 'submitted');
  const agenda = repo.parseJson<Item[]>(m.agenda, []);

  const cover = [
    para(m.title, { bold: true, size: 40, center: true }),
    ...(m.session_no ? [para(t.session(m.session_no), { size: 32, center: true })] : []),
    para(t.materials, { bold: true, size: 36, center: true }),
    para(''),
    para(`${t.date}：${m.meeting_date}`, { center: true }),
    ...(m.venue ? [para(`${t.venue}：${m.venue}`, { center: true })] : []),
    para(`${t.convenor}：${m.org_name}`, { center: true }),
    ...(host[0] ? [para(`${t.host}：${host[0].name}`, { center: true })] : []),
    para(`${t.generated}：${chinaDay(new Date())}`, { center: true }),
    new Paragraph({ children: [new PageBreak()] }),
  ];

  const agendaPart = [
    heading(t.agenda, HeadingLevel.HEADING_1),
    ...agenda.flatMap((item, n) => {
      const extra = [
        item.presenter && `${t.presenter}：${item.presenter}`,
        item.minutesAllowed !== undefined && t.minutes(item.minutesAllowed),
      ]
        .filter(Boolean)
        .join('；');
      const files = (item.key && agendaFiles.get(`${m.id}:${item.key}`)) || [];
      return [
        para(`${n + 1}. ${item.title}${extra ? `（${extra}）` : ''}`, { bold: true }),
        ...(item.documents ? [para(`${t.documents}：${item.documents}`)] : []),
        ...(files.length ? [para(`${t.files}：${files.map((f) => f.fileName).join('、')}`)] : []),
      ];
    }),
    new Paragraph({ children: [new PageBreak()] }),
  ];

  const reports = [
    heading(t.reports, HeadingLevel.HEADING_1),
    ...(submitted.length ? [] : [para(t.none)]),
    ...submitted.flatMap((i, n) => {
      const d = repo.parseJson<ReportData | null>(i.report_data, null);
      const figures = d
        ? [
            para(t.figures, { bold: true }),
            table([
              [t.programme, d.programmeTitle],
              ...(d.period ? [[t.period, d.period]] : []),
              [t.tasks, String(d.taskCount)],
              [t.completed, String(d.completed)],
              [t.submitted, String(d.reportsSubmitted)],
              [t.accepted, String(d.reportsAccepted)],
            ]),
            ...(d.metrics.length
              ? [
                  para(''),
                  table([
                    [t.metric, t.target, t.actual, t.share],
                    ...d.metrics.map((x) => [
                      `${x.metric}（${x.unit}）`,
                      String(x.targetValue),
                      String(x.actualValue),
                      `${Math.round(x.share * 100)}%`,
                    ]),
                  ]),
                ]
              : []),
            ...(d.overdue.length ? [para(`${t.overdue}：${d.overdue.map((o) => `${o.title}（${o.dueDate}）`).join('；')}`)] : []),
            para(''),
          ]
        : [];
      return [
        ...(n > 0 ? [new Paragraph({ children: [new PageBreak()] })] : []),
        heading(`${n + 1}. ${t.report(i.org_name)}`, HeadingLevel.HEADING_2),
        ...(i.report_submitted_at ? [para(`${t.submittedAt}：${chinaMinute(new Date(i.report_submitted_at))}`)] : []),
        ...figures,
        ...i.report_text.split('\n').map((line) => para(line)),
      ];
    }),
  ];
  const missing = full ? seen.filter((i) => i.report_status !== 'submitted') : [];
  const tail = missing.length ? [para(''), para(`${t.notSubmitted}：${missing.map((i) => i.org_name).join('、')}`)] : [];

  const doc = new Document({
    creator: m.org_name,
    title: `${m.title} · ${t.materials}`,
    styles: { default: { document: { run: { font: FONT, size: 24 } } } },
    sections: [{ children: [...cover, ...agendaPart, ...reports, ...tail] }],
  });
  const buffer = await Packer.toBuffer(doc);
  await writeAudit(ctx.db, ctx, {
    action: 'export',
    ...auditMeeting(m),
    after: { export: 'booklet', reports: submitted.length },
  });
  return { buffer, disposition: contentDisposition(`${m.title}-${t.materials}.docx`) };
}
