// A stale edit (409 conflict, optimistic locking): the server says what someone else changed since
// the form was opened; the user sees it and gets the latest version to edit again.
import type { App } from 'antd';
import { ApiError } from '../../api';

type Modal = ReturnType<typeof App.useApp>['modal'];

/** Shows the conflict and, on OK, loads the latest version; false when the error is not a conflict. */
export function showConflict(modal: Modal, err: unknown, okText: string, reload: () => Promise<void>): boolean {
  if (!(err instanceof ApiError) || err.code !== 'conflict') return false;
  modal.warning({
    title: err.message,
    content: (
      <ul data-testid="conflict-details" style={{ paddingInlineStart: 20, margin: 0 }}>
        {err.fields.map((f) => (
          <li key={f.path}>{f.message}</li>
        ))}
      </ul>
    ),
    okText,
    onOk: reload,
  });
  return true;
}
