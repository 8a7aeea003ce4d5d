// A save refused because someone else changed the record meanwhile (409 conflict with the record's
// current version): says what changed and offers to reload the current values into the form.
import { Alert, Button } from 'antd';
import { ApiError } from '../api';
import { useT } from '../i18n';
import { fieldNamePath } from './use-error-handler';

/** A stale write, as opposed to another conflict (a duplicate name): the server sends the current record. */
export function isStaleWrite(err: unknown): err is ApiError {
  return err instanceof ApiError && err.code === 'conflict' && !!err.current;
}

interface Props {
  error: ApiError;
  /** The form's label of a field ("name" → "姓名"); fields without one are named by the server's message. */
  labelOf: (field: string) => string | undefined;
  onReload: () => void;
}

export function StaleWriteAlert({ error, labelOf, onReload }: Props) {
  const t = useT();
  const fields = error.fields.map((f) => labelOf(fieldNamePath(f.path).join('.')) ?? f.message);
  return (
    <Alert
      type="warning"
      showIcon
      role="alert"
      style={{ marginBottom: 16 }}
      title={t('conflict.title')}
      description={`${fields.length ? t('conflict.fields', { fields: fields.join('、') }) : ''}${t('conflict.hint')}`}
      action={
        <Button size="small" onClick={onReload}>
          {t('conflict.reload')}
        </Button>
      }
    />
  );
}
