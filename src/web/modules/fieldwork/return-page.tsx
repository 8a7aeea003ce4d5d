// One status return: a recipient unit answers its own (pre-filled answers marked; save a draft,
// submit with confirmation); the organiser's side sees each unit's state, the roll-up per question
// (sums, shares of choices, lists) and exports it to .xlsx.
import { DownloadOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Select,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useParams } from 'react-router-dom';
import { useErrorHandler } from '../../shared/use-error-handler';
import { PageHeader } from '../../shared/page-header';
import { QueryError } from '../../shared/query-error';
import { fieldworkApi, type ReturnView } from './fieldwork-api';
import { useFieldworkT } from './fieldwork-i18n';
import { useFieldworkChanged, useStatusReturn } from './fieldwork-queries';

type Question = ReturnView['questions'][number];
type Answer = ReturnView['answers'][number];
type Value = number | string | string[] | null;

function toForm(q: Question, v: Value | undefined): unknown {
  if (q.kind === 'date') return typeof v === 'string' && v ? dayjs(v) : undefined;
  return v ?? undefined;
}
function fromForm(q: Question, v: unknown): Value {
  if (v === undefined || v === null || v === '') return null;
  if (q.kind === 'date') return (v as Dayjs).format('YYYY-MM-DD');
  return v as Value;
}

function AnswerForm({ ret, answer }: { ret: ReturnView; answer: Answer }) {
  const t = useFieldworkT();
  const [form] = Form.useForm();
  const changed = useFieldworkChanged();
  const onError = useErrorHandler();
  const { message } = App.useApp();
  // Read through the industry chain (an affiliated enterprise's row): shown, never answered here.
  const readOnly = answer.status === 'submitted' || !answer.canAnswer;
  const values = () => {
    const v = form.getFieldsValue();
    return { answers: ret.questions.map((q) => ({ key: q.key, value: fromForm(q, v[q.key]) })) };
  };
  const run = async (submit: boolean) => {
    try {
      await (submit ? fieldworkApi.submitAnswers(answer.id, values()) : fieldworkApi.saveAnswers(answer.id, values()));
      await changed();
      message.success(submit ? t('r.status.submitted') : t('r.status.draft'));
    } catch (err) {
      onError(err, form);
    }
  };
  return (
    <Card
      title={answer.canAnswer ? `${t('r.mine')}：${answer.org.name}` : answer.org.name}
      extra={<Tag color={answer.status === 'submitted' ? 'green' : 'default'}>{t(`r.status.${answer.status}`)}</Tag>}
      style={{ marginBottom: 16 }}
    >
      <Form
        form={form}
        layout="vertical"
        disabled={readOnly}
        initialValues={Object.fromEntries(ret.questions.map((q) => [q.key, toForm(q, answer.answers[q.key])]))}
      >
        {ret.questions.map((q) => (
          <Form.Item
            key={q.key}
            name={q.key}
            label={q.unit ? `${q.label}（${q.unit}）` : q.label}
            required={q.required}
            extra={[q.help, answer.prefilled.includes(q.key) ? t('r.prefilled') : null].filter(Boolean).join(' · ') || undefined}
          >
            {q.kind === 'number' ? (
              <InputNumber style={{ width: 200 }} />
            ) : q.kind === 'date' ? (
              <DatePicker />
            ) : q.kind === 'single' || q.kind === 'multiple' ? (
              <Select
                mode={q.kind === 'multiple' ? 'multiple' : undefined}
                allowClear
                aria-label={q.label}
                options={(q.options ?? []).map((o) => ({ value: o, label: o }))}
              />
            ) : (
              <Input.TextArea rows={2} />
            )}
          </Form.Item>
        ))}
        {!readOnly && (
          <Space>
            <Button onClick={() => void run(false)}>{t('r.saveDraft')}</Button>
            <Popconfirm title={t('r.submitConfirm')} onConfirm={() => run(true)}>
              <Button type="primary">{t('r.submit')}</Button>
            </Popconfirm>
          </Space>
        )}
      </Form>
    </Card>
  );
}

function Rollup({ ret }: { ret: ReturnView }) {
  const t = useFieldworkT();
  const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;
  return (
    <Card title={t('r.rollup')} style={{ marginBottom: 16 }}>
      <Table
        rowKey="key"
        pagination={false}
        dataSource={ret.rollup ?? []}
        columns={[
          {
            title: t('r.question'),
            render: (_: unknown, r) => {
              const q = ret.questions.find((x) => x.key === r.key);
              return q?.unit ? `${q.label}（${q.unit}）` : q?.label;
            },
          },
          { title: t('r.answered'), dataIndex: 'answered', width: 110, align: 'right' },
          {
            title: t('r.rollup'),
            render: (_: unknown, r) =>
              r.sum !== null ? (
                `${t('r.sum')}：${r.sum}`
              ) : r.shares.length > 0 ? (
                <Space direction="vertical" size={0}>
                  {r.shares.map((s) => (
                    <span key={s.option}>
                      {s.option}：{t('r.share', { count: s.count, share: pct(s.share) })}
                    </span>
                  ))}
                </Space>
              ) : (
                <Space direction="vertical" size={0}>
                  {r.list.map((x) => (
                    <span key={x.org}>
                      {x.org}：{x.value}
                    </span>
                  ))}
                </Space>
              ),
          },
        ]}
      />
    </Card>
  );
}

export function ReturnPage() {
  const t = useFieldworkT();
  const { id = '' } = useParams();
  const { data: ret, error, refetch, isLoading } = useStatusReturn(id);
  if (error) return <QueryError error={error} onRetry={() => void refetch()} />;
  if (isLoading || !ret) return <Spin aria-label={t('loading')} />;
  return (
    <>
      <PageHeader
        title={ret.title}
        extra={
          ret.manage && (
            <Button icon={<DownloadOutlined />} href={fieldworkApi.returnExportUrl(ret.id)}>
              {t('export')}
            </Button>
          )
        }
      />
      <Card style={{ marginBottom: 16 }}>
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label={t('r.org')}>{ret.org.name}</Descriptions.Item>
          <Descriptions.Item label={t('r.deadline')}>{ret.deadline}</Descriptions.Item>
        </Descriptions>
        {ret.intro && <Typography.Paragraph>{ret.intro}</Typography.Paragraph>}
      </Card>
      {!ret.manage && ret.answers.map((a) => <AnswerForm key={a.id} ret={ret} answer={a} />)}
      {ret.manage && (
        <>
          <Rollup ret={ret} />
          <Card title={t('r.answersOf')}>
            <Table<Answer>
              rowKey="id"
              pagination={false}
              dataSource={ret.answers}
              columns={[
                { title: t('r.recipients'), dataIndex: ['org', 'name'] },
                {
                  title: t('f.status'),
                  dataIndex: 'status',
                  width: 120,
                  render: (s: Answer['status']) => <Tag color={s === 'submitted' ? 'green' : 'default'}>{t(`r.status.${s}`)}</Tag>,
                },
              ]}
            />
          </Card>
        </>
      )}
    </>
  );
}
