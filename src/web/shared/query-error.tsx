// What a page shows in place of its data when loading failed: the server's (translated) message
// and a Retry button. A list never falls back to an empty table, which would read as "no data".
import { Button, Result } from 'antd';
import { useT } from '../i18n';
import { errorText } from './use-error-handler';

export function QueryError({ error, onRetry, compact }: { error: unknown; onRetry: () => void; compact?: boolean }) {
  const t = useT();
  return (
    <div role="alert" data-testid="query-error">
      <Result
        status={compact ? undefined : 'error'}
        icon={compact ? null : undefined}
        title={t('error.loadFailed')}
        subTitle={errorText(error, t)}
        extra={
          <Button type="primary" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        }
      />
    </div>
  );
}
