// The task's side of the two-way link: on a task page, where the task came from — a problem or a
// requirement of a research visit, or a decision of a meeting — with a link back.
import { useQuery } from '@tanstack/react-query';
import { Alert } from 'antd';
import { Link } from 'react-router-dom';
import { api, type ResponseOf } from '../../api';
import { useFieldworkT } from './fieldwork-i18n';

export function TaskOrigin({ taskId }: { taskId: string }) {
  const t = useFieldworkT();
  const { data } = useQuery({
    queryKey: ['fieldwork', 'origin', taskId],
    queryFn: () => api.get<ResponseOf<'getFieldworkTaskOrigin'>>('/api/fieldwork/task-origin', { taskId }),
  });
  if (!data?.kind) return null;
  const to = data.visitId ? `/visits/${data.visitId}` : `/meetings/${data.meetingId}`;
  return (
    <Alert
      type="info"
      showIcon
      style={{ marginBottom: 16 }}
      message={
        <>
          {t(`origin.${data.kind}`)}
          <Link to={to}>{data.title}</Link>
        </>
      }
    />
  );
}
