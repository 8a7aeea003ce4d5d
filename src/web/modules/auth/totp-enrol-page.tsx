// System admins must enrol TOTP before they can do anything else.
import { Alert, App, Button, Flex } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useT } from '../../i18n';
import { useSession } from '../../session';
import { AuthFrame } from './auth-frame';
import { TotpEnrolment } from './totp-enrolment';

export function TotpEnrolPage() {
  const t = useT();
  const { refresh, signOut } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();

  const onDone = async () => {
    void message.success(t('totp.enabled'));
    await refresh();
  };

  return (
    <AuthFrame title={t('totp.forcedTitle')} width={520}>
      <Alert type="info" showIcon title={t('totp.forcedHint')} style={{ marginBottom: 16 }} />
      <TotpEnrolment onDone={onDone} />
      <Flex justify="flex-end">
        <Button type="link" onClick={() => void signOut().then(() => navigate('/login', { replace: true }))}>
          {t('header.signOut')}
        </Button>
      </Flex>
    </AuthFrame>
  );
}
