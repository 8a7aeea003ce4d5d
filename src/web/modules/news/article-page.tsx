// One article on the news desk: the editor (new or draft/returned), the article as it reads, its
// review chain (送审, 一审, 二审, 三审 with return-and-comment at each step, the confidentiality flags
// the sign-off clears one by one), corrections and withdrawal, every version with a diff view, and
// where the article was sent (报送) and whether it was adopted.
import { ArrowLeftOutlined, DeleteOutlined, ExportOutlined, PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Empty,
  Flex,
  Form,
  Input,
  List,
  Modal,
  Select,
  Space,
  Spin,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useI18n } from '../../i18n';
import { useSession } from '../../session';
import { formatDateTime } from '../../shared/labels';
import { PageHeader } from '../../shared/page-header';
import { QueryError } from '../../shared/query-error';
import { useErrorHandler } from '../../shared/use-error-handler';
import { type ArticleInput, type ArticleView, htmlToParagraphs, newsApi, paragraphsToHtml } from './news-api';
import { type NewsKey, useNewsT } from './news-i18n';
import { STATUS_COLORS } from './news-list-page';
import { useArticle, useCheck, useDiff, useNewsChanged, useVersions } from './news-queries';
import { SubmissionsSection } from './submissions-section';

interface PhotoRow {
  imageId: string | null;
  caption: string;
  credit: string;
  alt: string;
}
interface EditorValues {
  column: string;
  kicker: string;
  headline: string;
  subtitle: string;
  lead: string;
  body: string;
  source: string;
  reporters: string;
  correspondents: string;
  editorInCharge: string;
  tags: string;
  photos: PhotoRow[];
}

const splitNames = (s: string) =>
  s
    .split(/[、,，;；\s]+/)
    .map((x) => x.trim())
    .filter(Boolean);

function toValues(a?: ArticleView): EditorValues {
  const c = a?.content;
  return {
    column: c?.column ?? '',
    kicker: c?.kicker ?? '',
    headline: c?.headline ?? '',
    subtitle: c?.subtitle ?? '',
    lead: c?.lead ?? '',
    body: c ? htmlToParagraphs(c.bodyHtml) : '',
    source: c?.source ?? '',
    reporters: c?.reporters.join('、') ?? '',
    correspondents: c?.correspondents.join('、') ?? '',
    editorInCharge: c?.editorInCharge ?? '',
    tags: c?.tags.join('、') ?? '',
    photos: c?.photos ?? [],
  };
}

function toInput(v: EditorValues): Omit<ArticleInput, 'orgId'> {
  return {
    column: v.column,
    kicker: v.kicker,
    headline: v.headline,
    subtitle: v.subtitle,
    lead: v.lead,
    bodyHtml: paragraphsToHtml(v.body),
    source: v.source,
    reporters: splitNames(v.reporters),
    correspondents: splitNames(v.correspondents),
    editorInCharge: v.editorInCharge,
    tags: splitNames(v.tags),
    photos: (v.photos ?? []).map((p) => ({ imageId: p.imageId, caption: p.caption ?? '', credit: p.credit ?? '', alt: p.alt ?? '' })),
    links: [],
  };
}

function PhotoUpload({ value, onChange }: { value?: string | null; onChange?: (v: string | null) => void }) {
  const nt = useNewsT();
  const { session } = useSession();
  const { locale } = useI18n();
  const onError = useErrorHandler();
  const [busy, setBusy] = useState(false);
  const id = `photo-file-${Math.random().toString(36).slice(2)}`;
  return (
    <Space>
      <label htmlFor={id}>{nt('field.photoFile')}</label>
      <input
        id={id}
        type="file"
        accept="image/jpeg,image/png,image/webp"
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (!file) return;
          setBusy(true);
          newsApi
            .uploadImage(file, file.name.replace(/\.[^.]+$/, '') || 'photo', session?.csrfToken ?? '', locale)
            .then((img) => onChange?.(img.id))
            .catch((err) => onError(err))
            .finally(() => setBusy(false));
        }}
      />
      {busy && <Spin size="small" aria-label={nt('uploading')} />}
      {value && <Tag color="green">#{value}</Tag>}
    </Space>
  );
}

function ArticleEditor({ article, onDone }: { article?: ArticleView; onDone: (a: ArticleView) => void }) {
  const nt = useNewsT();
  const [form] = Form.useForm<EditorValues>();
  const { message } = App.useApp();
  const onError = useErrorHandler();
  const changed = useNewsChanged();
  const [saving, setSaving] = useState(false);
  const req = (key: NewsKey) => [{ required: true, whitespace: true, message: nt('required', { label: nt(key) }) }];

  const save = async (v: EditorValues) => {
    setSaving(true);
    try {
      const input = toInput(v);
      const saved = article ? await newsApi.update(article.id, { ...input, version: article.version }) : await newsApi.create(input);
      await changed();
      void message.success(article ? nt('saved', { version: saved.version }) : nt('created'));
      onDone(saved);
    } catch (err) {
      onError(err, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Form<EditorValues> form={form} layout="vertical" initialValues={toValues(article)} onFinish={(v) => void save(v)}>
      <Flex gap={16} wrap>
        <Form.Item name="column" label={nt('field.column')} rules={req('field.column')} style={{ minWidth: 200 }}>
          <Input maxLength={30} />
        </Form.Item>
        <Form.Item name="source" label={nt('field.source')} style={{ minWidth: 200 }}>
          <Input maxLength={100} />
        </Form.Item>
      </Flex>
      <Form.Item name="kicker" label={nt('field.kicker')}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="headline" label={nt('field.headline')} rules={req('field.headline')}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="subtitle" label={nt('field.subtitle')}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="lead" label={nt('field.lead')}>
        <Input.TextArea autoSize={{ minRows: 2 }} maxLength={2000} />
      </Form.Item>
      <Form.Item name="body" label={nt('field.body')}>
        <Input.TextArea autoSize={{ minRows: 8 }} />
      </Form.Item>
      <Typography.Text strong>{nt('field.photos')}</Typography.Text>
      <Form.List name="photos">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f) => (
              <Card key={f.key} size="small" style={{ margin: '8px 0' }}>
                <Form.Item name={[f.name, 'imageId']} label={nt('field.photoFile')}>
                  <PhotoUpload />
                </Form.Item>
                <Form.Item name={[f.name, 'caption']} label={nt('field.caption')}>
                  <Input.TextArea autoSize maxLength={500} />
                </Form.Item>
                <Flex gap={16} wrap>
                  <Form.Item name={[f.name, 'credit']} label={nt('field.credit')} style={{ minWidth: 240 }}>
                    <Input maxLength={100} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'alt']} label={nt('field.alt')} style={{ minWidth: 240, flex: 1 }}>
                    <Input maxLength={300} />
                  </Form.Item>
                </Flex>
                <Button danger icon={<DeleteOutlined />} onClick={() => remove(f.name)}>
                  {nt('removePhoto')}
                </Button>
              </Card>
            ))}
            <Button
              icon={<PlusOutlined />}
              style={{ margin: '8px 0 16px' }}
              onClick={() => add({ imageId: null, caption: '', credit: '', alt: '' })}
            >
              {nt('addPhoto')}
            </Button>
          </>
        )}
      </Form.List>
      <Flex gap={16} wrap>
        <Form.Item name="reporters" label={nt('field.reporters')} style={{ minWidth: 240 }}>
          <Input />
        </Form.Item>
        <Form.Item name="correspondents" label={nt('field.correspondents')} style={{ minWidth: 240 }}>
          <Input />
        </Form.Item>
        <Form.Item name="editorInCharge" label={nt('field.editorInCharge')} style={{ minWidth: 200 }}>
          <Input maxLength={40} />
        </Form.Item>
      </Flex>
      <Form.Item name="tags" label={nt('field.tags')}>
        <Input />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={saving}>
        {nt('save')}
      </Button>
    </Form>
  );
}

function ArticleBody({ a }: { a: ArticleView }) {
  const nt = useNewsT();
  const { locale } = useI18n();
  const c = a.content;
  return (
    <article>
      {c.kicker && <Typography.Text type="secondary">{c.kicker}</Typography.Text>}
      <Typography.Title level={3} style={{ marginTop: 4 }}>
        {c.headline}
      </Typography.Title>
      {c.subtitle && <Typography.Paragraph type="secondary">{c.subtitle}</Typography.Paragraph>}
      <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
        <Descriptions.Item label={nt('field.column')}>{c.column}</Descriptions.Item>
        <Descriptions.Item label={nt('field.source')}>{c.source}</Descriptions.Item>
        <Descriptions.Item label={nt('col.publishedAt')}>{a.publishedAt ? formatDateTime(a.publishedAt, locale) : ''}</Descriptions.Item>
        <Descriptions.Item label={nt('field.editorInCharge')}>{c.editorInCharge}</Descriptions.Item>
      </Descriptions>
      {a.notes.map((n) => (
        <Typography.Paragraph key={n.at} style={{ borderLeft: '4px solid #ad4e00', paddingLeft: 8 }}>
          <strong>{nt(`note.${n.kind}`)}</strong>（{formatDateTime(n.at, locale)}）{n.text}
        </Typography.Paragraph>
      ))}
      {c.lead && <Typography.Paragraph strong>{c.lead}</Typography.Paragraph>}
      {c.photos.map((p, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the same photo may appear twice
        <Typography.Paragraph key={`${p.imageId ?? ''}-${i}`} type="secondary">
          [{nt('field.photos')}] {p.caption} {p.credit}
        </Typography.Paragraph>
      ))}
      {htmlToParagraphs(c.bodyHtml)
        .split('\n')
        .filter(Boolean)
        .map((p, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: paragraphs have no identity of their own
          <Typography.Paragraph key={i}>{p}</Typography.Paragraph>
        ))}
      {(c.reporters.length > 0 || c.correspondents.length > 0) && (
        <Typography.Paragraph>
          （
          {[
            c.reporters.length ? `${nt('field.reporters').split('（')[0]!.split(' (')[0]} ${c.reporters.join(' ')}` : '',
            c.correspondents.length ? `${nt('field.correspondents').split('（')[0]!.split(' (')[0]} ${c.correspondents.join(' ')}` : '',
          ]
            .filter(Boolean)
            .join('　')}
          ）
        </Typography.Paragraph>
      )}
      {c.tags.length > 0 && c.tags.map((t) => <Tag key={t}>{t}</Tag>)}
    </article>
  );
}

function ReviewPanel({ a }: { a: ArticleView }) {
  const nt = useNewsT();
  const { message } = App.useApp();
  const onError = useErrorHandler();
  const changed = useNewsChanged();
  const [comment, setComment] = useState('');
  const [cleared, setCleared] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const finalStep = a.status === 'review3';
  const check = useCheck(a.id, finalStep);
  const flags = check.data?.items ?? [];

  const send = async (decision: 'pass' | 'return') => {
    if (decision === 'return' && !comment.trim()) {
      void message.error(nt('commentRequired'));
      return;
    }
    setBusy(true);
    try {
      const res = await newsApi.review(a.id, { decision, comment, clearedFlags: cleared });
      await changed();
      setComment('');
      void message.success(res.status === 'published' ? nt('published') : nt('reviewed'));
    } catch (err) {
      onError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card size="small" title={nt(`step.${a.status as 'review1' | 'review2' | 'review3'}`)} style={{ marginBottom: 16 }}>
      {finalStep && (
        <div style={{ marginBottom: 12 }}>
          <Typography.Text strong>{nt('flags')}</Typography.Text>
          {check.isFetching ? (
            <Spin size="small" />
          ) : flags.length === 0 ? (
            <Typography.Paragraph type="success">{nt('noFlags')}</Typography.Paragraph>
          ) : (
            <>
              <Typography.Paragraph>{nt('flagsHint')}</Typography.Paragraph>
              {flags.map((f) => (
                <div key={f.key}>
                  <Checkbox
                    checked={cleared.includes(f.key)}
                    onChange={(e) => setCleared((c) => (e.target.checked ? [...c, f.key] : c.filter((k) => k !== f.key)))}
                  >
                    {nt(`flag.${f.kind}`)}：{f.text} — {nt('clearFlag')}
                  </Checkbox>
                </div>
              ))}
            </>
          )}
        </div>
      )}
      <label htmlFor="review-comment">{nt('comment')}</label>
      <Input.TextArea
        id="review-comment"
        value={comment}
        onChange={(e) => setComment(e.target.value)}
        autoSize={{ minRows: 2 }}
        maxLength={2000}
      />
      <Flex gap={8} style={{ marginTop: 8 }}>
        <Button
          type="primary"
          loading={busy}
          disabled={finalStep && flags.some((f) => !cleared.includes(f.key))}
          onClick={() => void send('pass')}
        >
          {finalStep ? nt('passFinal') : nt('pass')}
        </Button>
        <Button danger loading={busy} onClick={() => void send('return')}>
          {nt('return')}
        </Button>
      </Flex>
    </Card>
  );
}

function NoteModal({
  open,
  title,
  label,
  onCancel,
  onOk,
}: {
  open: boolean;
  title: string;
  label: string;
  onCancel: () => void;
  onOk: (note: string) => Promise<void>;
}) {
  const nt = useNewsT();
  const [form] = Form.useForm<{ note: string }>();
  const [busy, setBusy] = useState(false);
  return (
    <Modal
      open={open}
      title={title}
      okText={title}
      cancelText={nt('cancel')}
      confirmLoading={busy}
      onCancel={onCancel}
      destroyOnHidden
      onOk={() =>
        void form.validateFields().then(async (v) => {
          setBusy(true);
          try {
            await onOk(v.note);
            form.resetFields();
          } finally {
            setBusy(false);
          }
        })
      }
    >
      <Form form={form} layout="vertical">
        <Form.Item name="note" label={label} rules={[{ required: true, whitespace: true, message: nt('noteRequired') }]}>
          <Input.TextArea autoSize={{ minRows: 3 }} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function Versions({ a }: { a: ArticleView }) {
  const nt = useNewsT();
  const { locale } = useI18n();
  const versions = useVersions(a.id);
  const items = versions.data?.items ?? [];
  const [from, setFrom] = useState<number | undefined>(undefined);
  const [to, setTo] = useState<number | undefined>(undefined);
  const diff = useDiff(a.id, from, to);
  const options = items.map((v) => ({ value: v.version, label: nt('version', { version: v.version }) }));
  return (
    <Card size="small" title={nt('versions')} style={{ marginTop: 16 }}>
      <List
        size="small"
        loading={versions.isFetching}
        dataSource={items}
        renderItem={(v) => (
          <List.Item>
            {nt('version', { version: v.version })} · {v.headline} ·{' '}
            {nt('savedBy', { name: v.savedByName, at: formatDateTime(v.savedAt, locale) })}
          </List.Item>
        )}
      />
      {items.length > 1 && (
        <>
          <Typography.Title level={5}>{nt('compare')}</Typography.Title>
          <Flex gap={8} wrap>
            <Select
              aria-label={nt('from')}
              placeholder={nt('from')}
              style={{ width: 160 }}
              options={options}
              value={from}
              onChange={setFrom}
            />
            <Select aria-label={nt('to')} placeholder={nt('to')} style={{ width: 160 }} options={options} value={to} onChange={setTo} />
          </Flex>
          {diff.data &&
            (diff.data.fields.length === 0 ? (
              <Typography.Paragraph>{nt('noChanges')}</Typography.Paragraph>
            ) : (
              diff.data.fields.map((f) => (
                <div key={f.field} style={{ marginTop: 8 }}>
                  <Typography.Text strong>{nt(`diffField.${f.field}` as NewsKey)}</Typography.Text>
                  {f.lines.map((l, i) => (
                    <div
                      // biome-ignore lint/suspicious/noArrayIndexKey: diff lines are positional
                      key={i}
                      style={{
                        background: l.op === 'add' ? '#f6ffed' : l.op === 'del' ? '#fff1f0' : undefined,
                        textDecoration: l.op === 'del' ? 'line-through' : undefined,
                        padding: '0 4px',
                      }}
                    >
                      {l.op === 'add' ? `+ ${nt('diff.add')}：` : l.op === 'del' ? `− ${nt('diff.del')}：` : '  '}
                      {l.text}
                    </div>
                  ))}
                </div>
              ))
            ))}
        </>
      )}
    </Card>
  );
}

export function ArticlePage() {
  const { id } = useParams();
  const isNew = id === 'new';
  const nt = useNewsT();
  const { locale } = useI18n();
  const navigate = useNavigate();
  const { message, modal } = App.useApp();
  const onError = useErrorHandler();
  const changed = useNewsChanged();
  const { data: a, error, refetch, isLoading } = useArticle(isNew ? undefined : id);
  const [editing, setEditing] = useState(false);
  const [modalKind, setModalKind] = useState<'correct' | 'withdraw' | null>(null);
  const back = (
    <Link to="/news">
      <ArrowLeftOutlined /> {nt('back')}
    </Link>
  );

  if (isNew)
    return (
      <Card>
        <PageHeader title={nt('newArticle')} extra={back} />
        <ArticleEditor onDone={(saved) => navigate(`/news/${saved.id}`, { replace: true })} />
      </Card>
    );
  if (error) return <QueryError error={error} onRetry={() => void refetch()} />;
  if (isLoading || !a) return <Spin />;

  const act = async (fn: () => Promise<unknown>, done: NewsKey) => {
    try {
      await fn();
      await changed();
      void message.success(nt(done));
    } catch (err) {
      onError(err);
    }
  };

  return (
    <Card>
      <PageHeader
        title={
          <Space wrap>
            {a.content.headline}
            <Tag color={STATUS_COLORS[a.status]}>{nt(`status.${a.status}`)}</Tag>
            <Typography.Text type="secondary">{nt('version', { version: a.version })}</Typography.Text>
          </Space>
        }
        extra={back}
      />
      <Flex gap={8} wrap style={{ marginBottom: 16 }}>
        {a.actions.includes('edit') && !editing && <Button onClick={() => setEditing(true)}>{nt('edit')}</Button>}
        {a.actions.includes('submit') && !editing && (
          <Button type="primary" onClick={() => void act(() => newsApi.submit(a.id), 'submitted')}>
            {nt('submit')}
          </Button>
        )}
        {a.actions.includes('correct') && <Button onClick={() => setModalKind('correct')}>{nt('correct')}</Button>}
        {a.actions.includes('withdraw') && (
          <Button
            danger
            onClick={() =>
              modal.confirm({
                title: nt('withdraw'),
                content: nt('withdrawConfirm'),
                okText: nt('withdraw'),
                cancelText: nt('cancel'),
                okButtonProps: { danger: true },
                onOk: () => setModalKind('withdraw'),
              })
            }
          >
            {nt('withdraw')}
          </Button>
        )}
        {a.publicUrl && (
          <a href={a.publicUrl} target="_blank" rel="noopener noreferrer">
            <ExportOutlined /> {nt('publicPage')}
          </a>
        )}
      </Flex>
      {a.actions.includes('review') && <ReviewPanel a={a} />}
      {editing ? (
        <ArticleEditor
          article={a}
          onDone={() => {
            setEditing(false);
          }}
        />
      ) : (
        <ArticleBody a={a} />
      )}
      <SubmissionsSection articleId={a.id} />
      <Card size="small" title={nt('reviews')} style={{ marginTop: 16 }}>
        {a.reviews.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={nt('noReviews')} />
        ) : (
          <Timeline
            items={a.reviews.map((r) => ({
              color: r.decision === 'pass' ? 'green' : 'red',
              children: (
                <span>
                  {nt(`step.${r.step}`)} · {nt(`decision.${r.decision}`)} · {r.reviewerName} · {formatDateTime(r.at, locale)}
                  {r.comment && <> · {r.comment}</>}
                </span>
              ),
            }))}
          />
        )}
      </Card>
      <Versions a={a} />
      <NoteModal
        open={modalKind !== null}
        title={modalKind === 'withdraw' ? nt('withdraw') : nt('correct')}
        label={modalKind === 'withdraw' ? nt('withdrawNote') : nt('correctNote')}
        onCancel={() => setModalKind(null)}
        onOk={async (note) => {
          const kind = modalKind;
          await act(
            () => (kind === 'withdraw' ? newsApi.withdraw(a.id, note) : newsApi.correct(a.id, { note })),
            kind === 'withdraw' ? 'withdrawn' : 'corrected',
          );
          setModalKind(null);
        }}
      />
    </Card>
  );
}
