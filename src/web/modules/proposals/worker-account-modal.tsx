// The enterprise union opens a sign-in for one of its registry people (role worker, linked to the person).
import { App, Form, Input } from 'antd';
import { FormModal } from '../../shared/form-modal';
import { innovationApi } from './proposals-api';
import { useInnovationT } from './proposals-i18n';

interface Values {
  username: string;
  password: string;
}

export function WorkerAccountModal({ personId, open, onClose }: { personId: string; open: boolean; onClose: () => void }) {
  const t = useInnovationT();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const submit = async (v: Values) => {
    const made = await innovationApi.createWorkerAccount({ personId, username: v.username.trim(), password: v.password });
    void message.success(t('worker.created', { username: made.username }));
    onClose();
  };
  return (
    <FormModal<Values> title={t('worker.create')} open={open} form={form} onCancel={onClose} onSubmit={submit}>
      <Form.Item
        name="username"
        label={t('worker.username')}
        extra={t('worker.usernameHint')}
        rules={[{ required: true, message: t('required', { field: t('worker.username') }) }]}
      >
        <Input autoFocus maxLength={40} autoComplete="off" />
      </Form.Item>
      <Form.Item
        name="password"
        label={t('worker.password')}
        rules={[{ required: true, message: t('required', { field: t('worker.password') }) }]}
      >
        <Input.Password maxLength={200} autoComplete="new-password" />
      </Form.Item>
    </FormModal>
  );
}
