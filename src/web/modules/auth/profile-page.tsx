// The own account: details, interface language, password, two-factor sign-in.
import { App, Button, Card, Col, Descriptions, Form, Input, Modal, Radio, Row, Space, Tag } from 'antd';
import { useState } from 'react';
import { LOCALES, useI18n, type Locale } from '../../i18n';
import { useSession } from '../../session';
import { FormModal } from '../../shared/form-modal';
import { PageHeader } from '../../shared/page-header';
import { RoleTags } from '../../shared/labels';
import { useErrorHandler } from '../../shared/use-error-handler';
import { authApi } from './auth-api';
import { PasswordChangeForm } from './password-change-form';
import { TotpEnrolment } from './totp-enrolment';

function AccountCard() {
  const { t } = useI18n();
  const { user } = useSession();
  if (!user) return null;
  return (
    <Card title={t('profile.account')}>
      <Descriptions
        column={1}
        items={[
          { key: 'username', label: t('user.username'), children: user.username },
          { key: 'displayName', label: t('user.displayName'), children: user.displayName },
          { key: 'org', label: t('user.org'), children: user.orgName },
          { key: 'roles', label: t('user.roles'), children: <RoleTags roles={user.roles} /> },
        ]}
      />
    </Card>
  );
}

function LanguageCard() {
  const { t, locale } = useI18n();
  const { changeLocale } = useSession();
  const onError = useErrorHandler();
  const { message } = App.useApp();
  const onChange = (next: Locale) => changeLocale(next).then(() => void message.success(t('profile.languageSaved')), onError);
  return (
    <Card title={t('profile.language')}>
      <Radio.Group
        value={locale}
        onChange={(e) => void onChange(e.target.value as Locale)}
        optionType="button"
        buttonStyle="solid"
        options={LOCALES.map((l) => ({ value: l, label: t(`locale.${l}`) }))}
        aria-label={t('profile.language')}
      />
    </Card>
  );
}

function DisableTotpModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const { refresh } = useSession();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ code: string }>();
  return (
    <FormModal
      title={t('totp.disableTitle')}
      open={open}
      form={form}
      onCancel={onClose}
      okText={t('totp.disable')}
      danger
      onSubmit={async ({ code }) => {
        await authApi.disableTotp(code.trim());
        void message.success(t('totp.disabled'));
        onClose();
        await refresh();
      }}
    >
      <Form.Item
        label={t('totp.code')}
        name="code"
        rules={[{ required: true, pattern: /^\s*\d{6}\s*$/, message: t('auth.totpCodeInvalid') }]}
      >
        <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} autoFocus />
      </Form.Item>
    </FormModal>
  );
}

function TotpCard() {
  const { t } = useI18n();
  const { user, refresh } = useSession();
  const { message } = App.useApp();
  const [enrolling, setEnrolling] = useState(false);
  const [disabling, setDisabling] = useState(false);
  if (!user) return null;
  return (
    <Card title={t('profile.totp')}>
      <Space orientation="vertical">
        <Descriptions
          column={1}
          items={[
            {
              key: 'status',
              label: t('profile.totpStatus'),
              children: user.totpEnabled ? <Tag color="success">{t('profile.totpOn')}</Tag> : <Tag>{t('profile.totpOff')}</Tag>,
            },
          ]}
        />
        {user.totpEnabled ? (
          <Button danger onClick={() => setDisabling(true)}>
            {t('totp.disable')}
          </Button>
        ) : (
          <Button type="primary" onClick={() => setEnrolling(true)}>
            {t('totp.enable')}
          </Button>
        )}
      </Space>
      <Modal title={t('totp.enableTitle')} open={enrolling} footer={null} destroyOnHidden onCancel={() => setEnrolling(false)} width={560}>
        <TotpEnrolment
          onDone={async () => {
            setEnrolling(false);
            void message.success(t('totp.enabled'));
            await refresh();
          }}
        />
      </Modal>
      <DisableTotpModal open={disabling} onClose={() => setDisabling(false)} />
    </Card>
  );
}

export function ProfilePage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  return (
    <>
      <PageHeader title={t('profile.title')} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <AccountCard />
            <LanguageCard />
            <TotpCard />
          </Space>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('profile.password')}>
            <PasswordChangeForm onDone={() => void message.success(t('password.changed'))} />
          </Card>
        </Col>
      </Row>
    </>
  );
}
