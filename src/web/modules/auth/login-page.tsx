// Sign-in: username and password; a one-time code field appears when the server asks for it.
import { LockOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Link, Navigate, useLocation, useNavigate } from 'react-router-dom';
import { ApiError } from '../../api';
import { useT } from '../../i18n';
import { preloadPages, preloadSetupPages } from '../../pages';
import { pendingStep, useSession } from '../../session';
import { FullPageSpin } from '../../shared/guards';
import { errorText } from '../../shared/use-error-handler';
import { authApi, type LoginInput } from './auth-api';
import { AuthFrame } from './auth-frame';

function redirectTarget(state: unknown): string {
  const from = (state as { from?: unknown } | null)?.from;
  return typeof from === 'string' && from.startsWith('/') && !from.startsWith('/login') ? from : '/';
}

export function LoginPage() {
  const t = useT();
  const { status, session, accept } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [form] = Form.useForm<LoginInput>();
  const [needCode, setNeedCode] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  if (status === 'loading') return <FullPageSpin />;
  if (status === 'signed-in' && !submitting) return <Navigate to={pendingStep(session) ?? redirectTarget(location.state)} replace />;

  const onFinish = async (values: LoginInput) => {
    setSubmitting(true);
    setError(null);
    // While the server checks the password, the pages that may follow load.
    preloadSetupPages();
    preloadPages();
    try {
      const view = await authApi.login({ ...values, totpCode: needCode ? values.totpCode : undefined });
      accept(view);
      navigate(pendingStep(view) ?? redirectTarget(location.state), { replace: true });
    } catch (err) {
      if (err instanceof ApiError && err.code === 'totp_required') {
        setNeedCode(true);
        setError(null);
        setTimeout(() => form.getFieldInstance('totpCode')?.focus?.(), 0);
      } else if (err instanceof ApiError && err.code === 'totp_invalid') {
        form.setFields([{ name: 'totpCode', value: '', errors: [err.message] }]);
      } else {
        setError(errorText(err, t));
      }
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <AuthFrame title={t('auth.signInTitle')}>
      <Form<LoginInput> form={form} layout="vertical" onFinish={onFinish} requiredMark={false} autoComplete="on">
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
        <Form.Item label={t('auth.username')} name="username" rules={[{ required: true, message: t('auth.usernameRequired') }]}>
          <Input prefix={<UserOutlined />} autoComplete="username" autoFocus size="large" />
        </Form.Item>
        <Form.Item label={t('auth.password')} name="password" rules={[{ required: true, message: t('auth.passwordRequired') }]}>
          <Input.Password prefix={<LockOutlined />} autoComplete="current-password" size="large" />
        </Form.Item>
        {needCode && (
          <Form.Item
            label={t('auth.totpCode')}
            name="totpCode"
            extra={t('auth.totpCodeHint')}
            rules={[{ required: true, pattern: /^\d{6}$/, message: t('auth.totpCodeInvalid') }]}
          >
            <Input prefix={<SafetyOutlined />} inputMode="numeric" autoComplete="one-time-code" maxLength={6} size="large" />
          </Form.Item>
        )}
        <Button type="primary" htmlType="submit" block size="large" loading={submitting}>
          {t('auth.signIn')}
        </Button>
        {/* Workers without an account ask for one; their enterprise union confirms it. */}
        <Typography.Paragraph style={{ marginTop: 16, marginBottom: 0, textAlign: 'center' }}>
          {t('auth.registerHint')}{' '}
          <Link to="/register" style={{ textDecoration: 'underline' }}>
            {t('auth.registerLink')}
          </Link>
        </Typography.Paragraph>
      </Form>
    </AuthFrame>
  );
}
