// One worker: details (masked), skill level history, honours, pending transfers; holders of
// people.pii can show the full ID number and mobile (the server records each view).
import { ArrowLeftOutlined, DeleteOutlined, EditOutlined, EyeOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Descriptions, Empty, Popconfirm, Space, Table, Tag, Tooltip } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useSession } from '../../session';
import { PageHeader } from '../../shared/page-header';
import { useErrorHandler } from '../../shared/use-error-handler';
import { QueryError } from '../../shared/query-error';
import { peopleApi, type PersonDetail } from './people-api';
import { usePeopleT, useRefLabel } from './people-i18n';
import { peopleKeys, usePeopleChanged, usePerson } from './people-queries';
import { usePeopleMeta } from './use-people-meta';
import { AddHonourModal, AddSkillModal, EditPersonModal } from './person-forms';
import { PiiPurposeModal } from './pii-purpose';
import { TalentCard } from '../innovation/talent-card';
import { WorkerAccountModal } from '../proposals/worker-account-modal';
import { useInnovationT } from '../proposals/proposals-i18n';

export function PersonPage() {
  const { id = '' } = useParams();
  const t = usePeopleT();
  const ref = useRefLabel();
  const meta = usePeopleMeta();
  const { can } = useSession();
  const navigate = useNavigate();
  const onError = useErrorHandler();
  const { data: p, error, refetch } = usePerson(id);
  const queryClient = useQueryClient();
  const peopleChanged = usePeopleChanged();
  // A write answers the worker as it is now: shown at once, and the lists refetch.
  const setData = (next: PersonDetail) => {
    queryClient.setQueryData(peopleKeys.person(id), next);
    void peopleChanged();
  };
  const [pii, setPii] = useState<{ idNumber: string; phone: string | null }>();
  const [open, setOpen] = useState<'edit' | 'skill' | 'honour' | 'pii' | 'worker'>();
  const ti = useInnovationT();
  const { message } = App.useApp();
  const canWrite = can('people.write');
  const saved = (next: PersonDetail) => {
    setData(next);
    setPii(undefined);
    setOpen(undefined);
  };
  const remove = (run: () => Promise<PersonDetail>, done: string) =>
    run().then((next) => {
      setData(next);
      void message.success(done);
    }, onError);
  const level = (code: string | null) =>
    ref(
      meta?.skillLevels.find((l) => l.code === code),
      code ?? '',
    );
  const honourName = (h: PersonDetail['honours'][number]) =>
    h.kind === 'craftsman'
      ? (h.title ?? '')
      : `${h.grade ? ref(meta?.honourGrades.find((g) => g.code === h.grade)) : ''}${ref(meta?.honourKinds.find((k) => k.code === h.kind))}`;

  if (error) return <QueryError error={error} onRetry={() => void refetch()} />;
  if (!p) return null;
  return (
    <>
      <PageHeader
        title={p.name}
        extra={
          <Space>
            {canWrite && (
              <Button icon={<EditOutlined />} onClick={() => setOpen('edit')}>
                {t('edit.button')}
              </Button>
            )}
            {canWrite && <Button onClick={() => setOpen('worker')}>{ti('worker.create')}</Button>}
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/people')}>
              {t('person.back')}
            </Button>
          </Space>
        }
      />
      <Card style={{ marginBottom: 16 }}>
        <Descriptions column={3} size="small" bordered>
          <Descriptions.Item label={t('col.idNumber')}>
            <Space>
              <span data-testid="id-number" style={{ fontFamily: 'monospace' }}>
                {pii?.idNumber ?? p.idNumberMasked}
              </span>
              {can('people.pii') && !pii && (
                <Tooltip title={t('person.revealHint')}>
                  <Button size="small" icon={<EyeOutlined />} onClick={() => setOpen('pii')}>
                    {t('person.reveal')}
                  </Button>
                </Tooltip>
              )}
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label={t('col.gender')}>{t(`gender.${p.gender}`)}</Descriptions.Item>
          <Descriptions.Item label={t('col.birthDate')}>{p.birthDate}</Descriptions.Item>
          <Descriptions.Item label={t('col.phone')}>
            <span data-testid="phone">{(pii ? pii.phone : p.phoneMasked) ?? '—'}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('col.org')}>{p.orgName}</Descriptions.Item>
          <Descriptions.Item label={t('col.member')}>
            {p.unionMember ? t('member.yes') : t('member.no')}
            {p.unionJoinedOn ? `（${p.unionJoinedOn}）` : ''}
          </Descriptions.Item>
          <Descriptions.Item label={t('col.occupation')}>{p.occupation || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('col.education')}>
            {p.education
              ? ref(
                  meta?.educations.find((e) => e.code === p.education),
                  p.education,
                )
              : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('col.employment')}>
            {ref(
              meta?.employmentStatuses.find((e) => e.code === p.employmentStatus),
              p.employmentStatus,
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('col.skill')}>
            <Space>
              {p.skillLevel ? level(p.skillLevel) : '—'}
              {p.highlySkilled && <Tag color="gold">{t('highlySkilled')}</Tag>}
            </Space>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card
        title={t('person.skills')}
        style={{ marginBottom: 16 }}
        extra={
          canWrite && (
            <Button size="small" icon={<PlusOutlined />} onClick={() => setOpen('skill')}>
              {t('skill.add')}
            </Button>
          )
        }
      >
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={p.skills}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('skill.none')} /> }}
          columns={[
            { title: t('col.skill'), dataIndex: 'level', render: (v: string) => level(v) },
            { title: t('skill.certificateNo'), dataIndex: 'certificateNo' },
            { title: t('skill.issuer'), dataIndex: 'issuer' },
            { title: t('skill.certifiedOn'), dataIndex: 'certifiedOn' },
            ...(canWrite
              ? [
                  {
                    title: '',
                    key: 'actions',
                    width: 80,
                    render: (_: unknown, s: PersonDetail['skills'][number]) => (
                      <Popconfirm
                        title={t('skill.removeConfirm')}
                        okButtonProps={{ danger: true }}
                        onConfirm={() => remove(() => peopleApi.removeSkill(p.id, s.id), t('skill.removed'))}
                      >
                        <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('skill.remove')}>
                          {t('skill.remove')}
                        </Button>
                      </Popconfirm>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <Card
        title={t('person.honours')}
        style={{ marginBottom: 16 }}
        extra={
          canWrite && (
            <Button size="small" icon={<PlusOutlined />} onClick={() => setOpen('honour')}>
              {t('honour.add')}
            </Button>
          )
        }
      >
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={p.honours}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('honour.none')} /> }}
          columns={[
            { title: t('person.honours'), key: 'name', render: (_: unknown, h) => honourName(h) },
            { title: t('honour.year'), dataIndex: 'year' },
            { title: t('honour.body'), dataIndex: 'awardingBody' },
            ...(canWrite
              ? [
                  {
                    title: '',
                    key: 'actions',
                    width: 80,
                    render: (_: unknown, h: PersonDetail['honours'][number]) => (
                      <Popconfirm
                        title={t('honour.removeConfirm')}
                        okButtonProps={{ danger: true }}
                        onConfirm={() => remove(() => peopleApi.removeHonour(p.id, h.id), t('honour.removed'))}
                      >
                        <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('honour.remove')}>
                          {t('honour.remove')}
                        </Button>
                      </Popconfirm>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      {can('innovation.read') && <TalentCard personId={p.id} />}
      {p.pendingTransfers.length > 0 && (
        <Card title={t('person.transfers')} extra={<Link to="/people/transfers">{t('transfers.open')}</Link>}>
          {p.pendingTransfers.map((tr) => (
            <div key={tr.id}>
              {tr.fromOrgName ?? '—'} → {tr.toOrgName}（{tr.createdAt.slice(0, 10)}）
            </div>
          ))}
        </Card>
      )}
      <PiiPurposeModal
        open={open === 'pii'}
        onCancel={() => setOpen(undefined)}
        onOk={(why) =>
          peopleApi.pii(p.id, why).then(
            (full) => {
              setPii(full);
              setOpen(undefined);
            },
            (err) => {
              onError(err);
              throw err;
            },
          )
        }
      />
      {open === 'edit' && <EditPersonModal person={p} open onClose={() => setOpen(undefined)} onSaved={saved} />}
      {open === 'worker' && <WorkerAccountModal personId={p.id} open onClose={() => setOpen(undefined)} />}
      {open === 'skill' && <AddSkillModal person={p} open onClose={() => setOpen(undefined)} onSaved={saved} />}
      {open === 'honour' && <AddHonourModal person={p} open onClose={() => setOpen(undefined)} onSaved={saved} />}
    </>
  );
}
