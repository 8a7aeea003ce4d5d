// Change the own password (forced at first sign-in, or from the profile page).
import { Button, Form, Input } from 'antd';
import { useState } from 'react';
import { useT } from '../../i18n';
import { useErrorHandler } from '../../shared/use-error-handler';
import { authApi } from './auth-api';
import { confirmRules, newPasswordRules } from './password-rules';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

export function PasswordChangeForm({ onDone, submitText }: { onDone: () => void | Promise<void>; submitText?: string }) {
  const t = useT();
  const [form] = Form.useForm<Values>();
  const onError = useErrorHandler();
  const [submitting, setSubmitting] = useState(false);

  const onFinish = async (values: Values) => {
    setSubmitting(true);
    try {
      await authApi.changePassword(values.currentPassword, values.newPassword);
      form.resetFields();
      await onDone();
    } catch (err) {
      onError(err, form);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Form<Values> form={form} layout="vertical" onFinish={onFinish}>
      <Form.Item label={t('password.current')} name="currentPassword" rules={[{ required: true, message: t('password.currentRequired') }]}>
        <Input.Password autoComplete="current-password" />
      </Form.Item>
      <Form.Item label={t('password.new')} name="newPassword" rules={newPasswordRules(t)} extra={t('password.policyHint')}>
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item label={t('password.confirm')} name="confirmPassword" dependencies={['newPassword']} rules={confirmRules(t, 'newPassword')}>
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={submitting}>
        {submitText ?? t('password.submit')}
      </Button>
    </Form>
  );
}
