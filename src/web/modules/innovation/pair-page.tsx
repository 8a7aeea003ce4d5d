// One mentor–apprentice agreement: its terms, plan stages, state and outcome (read from the
// apprentice's skill history), and the moves to its next state.
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Descriptions, Empty, Space, Steps, Tag } from 'antd';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { PageHeader } from '../../shared/page-header';
import { QueryError } from '../../shared/query-error';
import { useErrorHandler } from '../../shared/use-error-handler';
import { innovationApi, type PairView } from './innovation-api';
import { useInnovationT } from './innovation-i18n';
import { useInnovationChanged } from './innovation-queries';

export function PairPage() {
  const { id = '' } = useParams();
  const t = useInnovationT();
  const navigate = useNavigate();
  const changed = useInnovationChanged();
  const onError = useErrorHandler();
  const { data: p, error, refetch } = useQuery({ queryKey: ['innovation', 'pair', id], queryFn: () => innovationApi.pair(id) });
  if (error) return <QueryError error={error} onRetry={() => void refetch()} />;
  if (!p) return null;
  const move = (to: PairView['status']) =>
    innovationApi
      .transition(p.id, {
        to,
        grade: to === 'graduated' ? 'pass' : undefined,
        reason: to === 'ended' || to === 'not_graduated' ? t(`pairStatus.${to}`) : undefined,
      })
      .then(() => changed())
      .catch(onError);
  return (
    <>
      <PageHeader
        title={
          <Space>
            <Button type="text" icon={<ArrowLeftOutlined />} aria-label={t('back')} onClick={() => navigate('/mentorships')} />
            {p.agreementNo}
          </Space>
        }
        extra={
          <Space>
            {p.next.map((to) => (
              <Button key={to} danger={to === 'ended'} onClick={() => move(to)}>
                {t('pair.move', { state: t(`pairStatus.${to}`) })}
              </Button>
            ))}
          </Space>
        }
      />
      <Card style={{ marginBottom: 16 }}>
        <Descriptions column={{ xs: 1, md: 2, xl: 3 }} size="small">
          <Descriptions.Item label={t('field.master')}>
            <Link to={`/people/${p.masterId}`}>{p.masterName}</Link>
          </Descriptions.Item>
          <Descriptions.Item label={t('field.apprentice')}>
            <Link to={`/people/${p.apprenticeId}`}>{p.apprenticeName}</Link>
          </Descriptions.Item>
          <Descriptions.Item label={t('field.org')}>{p.orgName}</Descriptions.Item>
          <Descriptions.Item label={t('field.trade')}>{p.trade}</Descriptions.Item>
          <Descriptions.Item label={t('field.target')}>{t(`skill.${p.targetLevel}`)}</Descriptions.Item>
          <Descriptions.Item label={t('field.term')}>{`${p.startOn} ~ ${p.endOn}`}</Descriptions.Item>
          <Descriptions.Item label={t('field.allowance')}>{p.allowance.yuan}</Descriptions.Item>
          <Descriptions.Item label={t('field.studio')}>
            {p.studioId ? <Link to={`/studios/${p.studioId}`}>{p.studioName}</Link> : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('field.status')}>
            <Tag>{t(`pairStatus.${p.status}`)}</Tag>
            {p.grade && t(`grade.${p.grade}`)}
            {p.endedReason && ` · ${p.endedReason}`}
          </Descriptions.Item>
          <Descriptions.Item label={t('field.outcome')}>
            {p.awardDue ? (
              <Tag color="gold">{`${t('pair.awardDue')} · ${t('pair.promotedOn', { date: p.promotedOn ?? '' })}`}</Tag>
            ) : (
              t('pair.notPromoted')
            )}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={t('pair.stages')}>
        {p.stages.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('none')} />
        ) : (
          <Steps
            direction="vertical"
            size="small"
            items={p.stages.map((s) => ({ title: s.title, description: s.until, status: 'process' as const }))}
          />
        )}
      </Card>
    </>
  );
}
