// Signed out: a worker asks for an account with the ID number and mobile their union registered, and
// a username and password of their own. The enterprise union confirms it (worker-registrations-page);
// until then signing in says the request awaits confirmation. Refusals that name a field show on it,
// the rest (one refusal whether the ID number or the mobile did not match) above the form.
import { Alert, Button, Form, Input, Result, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { ApiError } from '../../api';
import { useT } from '../../i18n';
import { fieldNamePath, errorText } from '../../shared/use-error-handler';
import { AuthFrame } from '../auth/auth-frame';
import { meetsPolicy } from '../auth/password-rules';
import { innovationApi } from './proposals-api';
import { useInnovationT } from './proposals-i18n';

interface Values {
  idNumber: string;
  mobile: string;
  username: string;
  password: string;
  confirm: string;
}

export function RegisterPage() {
  const t = useInnovationT();
  const tc = useT();
  const [form] = Form.useForm<Values>();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const required = (field: string) => ({ required: true, whitespace: true, message: t('required', { field }) });

  const onFinish = async (v: Values) => {
    setSubmitting(true);
    setError(null);
    try {
      const username = v.username.trim();
      await innovationApi.register({ idNumber: v.idNumber.trim(), mobile: v.mobile.trim(), username, password: v.password });
      setDone(username);
    } catch (err) {
      if (err instanceof ApiError && err.fields.length > 0) {
        const known = ['idNumber', 'mobile', 'username', 'password'];
        const onFields = err.fields.filter((f) => known.includes(String(fieldNamePath(f.path)[0])));
        form.setFields(onFields.map((f) => ({ name: String(fieldNamePath(f.path)[0]) as keyof Values, errors: [f.message] })));
        if (onFields.length < err.fields.length) setError(errorText(err, tc));
      } else if (err instanceof ApiError && err.code === 'username_taken') {
        form.setFields([{ name: 'username', errors: [err.message] }]);
      } else {
        setError(errorText(err, tc));
      }
    } finally {
      setSubmitting(false);
    }
  };

  if (done)
    return (
      <AuthFrame title={t('register.title')} width={480}>
        <Result
          status="success"
          title={<span role="status">{t('register.doneTitle')}</span>}
          subTitle={t('register.doneText', { username: done })}
          extra={
            <Link to="/login">
              <Button type="primary">{t('register.backToLogin')}</Button>
            </Link>
          }
        />
      </AuthFrame>
    );

  return (
    <AuthFrame title={t('register.title')} width={480}>
      <Typography.Paragraph type="secondary">{t('register.intro')}</Typography.Paragraph>
      <Form<Values> form={form} layout="vertical" onFinish={onFinish} requiredMark autoComplete="off">
        {error && <Alert type="error" showIcon role="alert" title={error} style={{ marginBottom: 16 }} />}
        <Form.Item
          label={t('register.idNumber')}
          name="idNumber"
          rules={[required(t('register.idNumber')), { pattern: /^\s*\d{17}[\dXx]\s*$/, message: t('register.idNumberInvalid') }]}
        >
          <Input autoFocus maxLength={40} autoComplete="off" spellCheck={false} />
        </Form.Item>
        <Form.Item
          label={t('register.mobile')}
          name="mobile"
          rules={[required(t('register.mobile')), { pattern: /^\s*(\+?86)?\s*1[3-9]\d{9}\s*$/, message: t('register.mobileInvalid') }]}
        >
          <Input inputMode="tel" maxLength={30} autoComplete="tel" />
        </Form.Item>
        <Form.Item
          label={t('register.username')}
          name="username"
          extra={t('worker.usernameHint')}
          rules={[required(t('register.username')), { pattern: /^\s*[a-z0-9_.-]{3,40}\s*$/, message: t('worker.usernameHint') }]}
        >
          <Input maxLength={40} autoComplete="username" spellCheck={false} />
        </Form.Item>
        <Form.Item
          label={t('register.password')}
          name="password"
          extra={t('register.passwordHint')}
          rules={[
            { required: true, message: t('required', { field: t('register.password') }) },
            {
              validator: async (_, value: string | undefined) => {
                if (value && !meetsPolicy(value)) throw new Error(tc('password.policy'));
              },
            },
          ]}
        >
          <Input.Password maxLength={200} autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          label={t('register.confirmPassword')}
          name="confirm"
          dependencies={['password']}
          rules={[
            { required: true, message: tc('password.confirmRequired') },
            ({ getFieldValue }) => ({
              validator: async (_, value: string | undefined) => {
                if (value && value !== getFieldValue('password')) throw new Error(tc('password.mismatch'));
              },
            }),
          ]}
        >
          <Input.Password maxLength={200} autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block size="large" loading={submitting}>
          {t('register.submit')}
        </Button>
        <div style={{ marginTop: 16, textAlign: 'center' }}>
          <Link to="/login">{t('register.backToLogin')}</Link>
        </div>
      </Form>
    </AuthFrame>
  );
}
