// The talent record (人才档案) on the person page: one timeline of skill levels, honours, studio roles
// and pairs as master and apprentice with their outcomes; printable as a card.
import { PrinterOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Tag, Timeline, Typography } from 'antd';
import { useInnovationT } from './innovation-i18n';
import { useTalent } from './innovation-queries';

const COLORS = { skill: 'blue', honour: 'gold', studio: 'purple', master: 'green', apprentice: 'cyan', patent: 'magenta' } as const;

export function TalentCard({ personId }: { personId: string }) {
  const t = useInnovationT();
  const { data } = useTalent(personId);
  if (!data) return null;
  return (
    <Card
      title={t('talent.title')}
      style={{ marginBottom: 16 }}
      className="talent-card"
      extra={
        <Button size="small" icon={<PrinterOutlined />} onClick={() => window.print()}>
          {t('talent.print')}
        </Button>
      }
    >
      <Typography.Paragraph>
        {t('talent.summary', {
          taught: data.summary.apprenticesTaught,
          promoted: data.summary.apprenticesPromoted,
          roles: data.summary.studioRoles,
        })}{' '}
        {data.summary.mayLeadStudioAt ? t('talent.mayLead', { level: t(`grade.${data.summary.mayLeadStudioAt}`) }) : t('talent.mayNotLead')}
      </Typography.Paragraph>
      {data.entries.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('talent.none')} />
      ) : (
        <Timeline
          items={data.entries.map((e, i) => ({
            key: `${e.kind}-${i}`,
            color: COLORS[e.kind],
            children: (
              <div>
                <Tag color={COLORS[e.kind]}>{t(`kind.${e.kind}`)}</Tag>
                {e.date && <Typography.Text type="secondary">{e.date} </Typography.Text>}
                <Typography.Text strong>{e.title}</Typography.Text>
                {e.detail && <div>{e.detail}</div>}
              </div>
            ),
          }))}
        />
      )}
    </Card>
  );
}
