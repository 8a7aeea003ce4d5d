// Give a user a new initial password (they must change it at their next sign-in).
import { Alert, Form, Input } from 'antd';
import { useT } from '../../i18n';
import { FormModal } from '../../shared/form-modal';
import { confirmRules, newPasswordRules } from '../auth/password-rules';
import { usersApi, type UserView } from './users-api';

interface Values {
  newPassword: string;
  confirmPassword: string;
}

export function ResetPasswordModal({ target, onClose, onDone }: { target: UserView; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const [form] = Form.useForm<Values>();
  return (
    <FormModal<Values>
      title={t('user.resetPasswordTitle', { name: target.username })}
      open
      form={form}
      okText={t('user.resetPassword')}
      onCancel={onClose}
      onSubmit={async (v) => {
        await usersApi.resetPassword(target.id, v.newPassword);
        onDone();
      }}
    >
      <Alert type="warning" showIcon title={t('user.resetPasswordHint')} style={{ marginBottom: 16 }} />
      <Form.Item label={t('password.new')} name="newPassword" rules={newPasswordRules(t)} extra={t('password.policyHint')}>
        <Input.Password autoFocus autoComplete="new-password" />
      </Form.Item>
      <Form.Item label={t('password.confirm')} name="confirmPassword" dependencies={['newPassword']} rules={confirmRules(t, 'newPassword')}>
        <Input.Password autoComplete="new-password" />
      </Form.Item>
    </FormModal>
  );
}
