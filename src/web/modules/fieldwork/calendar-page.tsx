// A month calendar of the visits and meetings the caller sees (issue 13 item 7): each day lists the
// visits under way on it and the meetings held on it, each a link to its page. Fed by
// GET /api/fieldwork/calendar over the six weeks the month view shows.
import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { Alert, Button, Calendar, Card, Flex, Space, Spin, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { PageHeader } from '../../shared/page-header';
import { QueryError } from '../../shared/query-error';
import type { CalendarView } from './fieldwork-api';
import { useFieldworkT } from './fieldwork-i18n';
import { useCalendar } from './fieldwork-queries';

/** Days of the neighbouring months in a darker grey than antd's (#bfbfbf fails WCAG AA contrast). */
const CALENDAR_CSS = '.jx-calendar .ant-picker-cell:not(.ant-picker-cell-in-view) { color: #595959; }';

type Entry = { kind: 'visit' | 'meeting'; id: string; title: string };

/** The 42 days the month view shows: from the Monday (locale week start) on or before the 1st. */
function gridOf(month: Dayjs) {
  const first = month.startOf('month');
  const from = first.subtract((first.day() + 6) % 7, 'day');
  return { from: from.format('YYYY-MM-DD'), to: from.add(41, 'day').format('YYYY-MM-DD') };
}

function byDay(data: CalendarView | undefined): Map<string, Entry[]> {
  const out = new Map<string, Entry[]>();
  const add = (day: string, e: Entry) => out.set(day, [...(out.get(day) ?? []), e]);
  if (!data) return out;
  for (const v of data.visits) {
    // biome-ignore lint/complexity/useMathMinMax: ISO dates (YYYY-MM-DD) compared as strings; Math.min would make them NaN
    const end = v.endDate < data.to ? v.endDate : data.to;
    // biome-ignore lint/complexity/useMathMinMax: ISO dates (YYYY-MM-DD) compared as strings; Math.min would make them NaN
    const start = v.startDate < data.from ? data.from : v.startDate;
    for (let d = dayjs(start); d.format('YYYY-MM-DD') <= end; d = d.add(1, 'day'))
      add(d.format('YYYY-MM-DD'), { kind: 'visit', id: v.id, title: v.title });
  }
  for (const m of data.meetings) add(m.meetingDate, { kind: 'meeting', id: m.id, title: m.title });
  return out;
}

export function CalendarPage() {
  const t = useFieldworkT();
  const [month, setMonth] = useState(() => dayjs().startOf('month'));
  const { from, to } = gridOf(month);
  const q = useCalendar(from, to);
  const days = byDay(q.data);

  return (
    <>
      <style>{CALENDAR_CSS}</style>
      <PageHeader title={t('cal.title')} />
      <Card>
        {q.error ? (
          <QueryError error={q.error} onRetry={() => void q.refetch()} />
        ) : (
          <Spin spinning={q.isFetching} tip={t('loading')}>
            {q.data?.truncated && <Alert type="warning" showIcon message={t('cal.truncated')} style={{ marginBottom: 8 }} />}
            <Calendar
              className="jx-calendar"
              mode="month"
              value={month}
              onSelect={(d, info) => {
                if (info.source !== 'date') setMonth(d.startOf('month'));
              }}
              headerRender={() => (
                <Flex justify="space-between" align="center" style={{ padding: 8 }}>
                  <Typography.Title level={2} style={{ margin: 0, fontSize: 18 }} data-testid="calendar-month">
                    {month.format('YYYY-MM')}
                  </Typography.Title>
                  <Space>
                    <Button
                      icon={<LeftOutlined />}
                      aria-label={t('cal.prev')}
                      title={t('cal.prev')}
                      onClick={() => setMonth(month.subtract(1, 'month'))}
                    />
                    <Button onClick={() => setMonth(dayjs().startOf('month'))}>{t('cal.today')}</Button>
                    <Button
                      icon={<RightOutlined />}
                      aria-label={t('cal.next')}
                      title={t('cal.next')}
                      onClick={() => setMonth(month.add(1, 'month'))}
                    />
                  </Space>
                </Flex>
              )}
              cellRender={(d, info) => {
                if (info.type !== 'date') return info.originNode;
                const list = days.get(d.format('YYYY-MM-DD')) ?? [];
                if (list.length === 0) return null;
                return (
                  <ul
                    style={{ listStyle: 'none', margin: 0, padding: 0 }}
                    aria-label={t('cal.day', { date: d.format('YYYY-MM-DD'), count: list.length })}
                  >
                    {list.map((e) => (
                      <li key={`${e.kind}-${e.id}`} style={{ whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>
                        <Tag color={e.kind === 'visit' ? 'green' : 'blue'} style={{ marginInlineEnd: 4 }}>
                          {t(e.kind === 'visit' ? 'cal.visit' : 'cal.meeting')}
                        </Tag>
                        <Link to={`/${e.kind === 'visit' ? 'visits' : 'meetings'}/${e.id}`} onClick={(ev) => ev.stopPropagation()}>
                          {e.title}
                        </Link>
                      </li>
                    ))}
                  </ul>
                );
              }}
            />
          </Spin>
        )}
      </Card>
    </>
  );
}
