// TOTP enrolment: a new secret as a QR code and as text, then a code from the app to confirm it.
import { Button, Flex, Form, Input, Skeleton, Steps, Typography } from 'antd';
import QRCode from 'qrcode';
import { useEffect, useRef, useState } from 'react';
import { useT } from '../../i18n';
import { useErrorHandler } from '../../shared/use-error-handler';
import { authApi, type TotpSetup } from './auth-api';

interface Values {
  code: string;
}

function useTotpSetup(): { setup: TotpSetup | null; qr: string | null } {
  const onError = useErrorHandler();
  const [setup, setSetup] = useState<TotpSetup | null>(null);
  const [qr, setQr] = useState<string | null>(null);
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    authApi
      .setupTotp()
      .then(async (s) => {
        setSetup(s);
        setQr(await QRCode.toDataURL(s.otpauthUrl, { width: 200, margin: 1 }));
      })
      .catch(onError);
  }, [onError]);
  return { setup, qr };
}

export function TotpEnrolment({ onDone }: { onDone: () => void | Promise<void> }) {
  const t = useT();
  const [form] = Form.useForm<Values>();
  const onError = useErrorHandler();
  const { setup, qr } = useTotpSetup();
  const [submitting, setSubmitting] = useState(false);

  const onFinish = async ({ code }: Values) => {
    setSubmitting(true);
    try {
      await authApi.enableTotp(code.trim());
      await onDone();
    } catch (err) {
      onError(err, form);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Flex vertical gap={16}>
      <Steps
        orientation="vertical"
        size="small"
        current={1}
        items={[
          { title: t('totp.step1'), content: t('totp.step1Hint') },
          { title: t('totp.step2'), content: t('totp.step2Hint') },
        ]}
      />
      <Flex gap={20} align="center" wrap>
        {qr ? (
          <img src={qr} width={180} height={180} alt={t('totp.qrAlt')} style={{ border: '1px solid #f0f0f0' }} />
        ) : (
          <Skeleton.Image active style={{ width: 180, height: 180 }} />
        )}
        <Flex vertical gap={4} style={{ minWidth: 0, flex: 1 }}>
          <Typography.Text type="secondary">{t('totp.secretLabel')}</Typography.Text>
          {setup ? (
            <Typography.Text copyable={{ text: setup.secret }} style={{ wordBreak: 'break-all' }}>
              <code data-testid="totp-secret" style={{ fontSize: 14 }}>
                {setup.secret}
              </code>
            </Typography.Text>
          ) : (
            <Skeleton.Input active size="small" />
          )}
        </Flex>
      </Flex>
      <Form<Values> form={form} layout="vertical" onFinish={onFinish}>
        <Form.Item
          label={t('totp.code')}
          name="code"
          rules={[{ required: true, pattern: /^\s*\d{6}\s*$/, message: t('auth.totpCodeInvalid') }]}
        >
          <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} disabled={!setup} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={submitting} disabled={!setup}>
          {t('totp.enable')}
        </Button>
      </Form>
    </Flex>
  );
}
