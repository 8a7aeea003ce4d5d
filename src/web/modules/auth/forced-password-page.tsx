// First sign-in (or after a reset): the initial password must be replaced before anything else.
import { Alert, App, Button, Flex } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useT } from '../../i18n';
import { useSession } from '../../session';
import { AuthFrame } from './auth-frame';
import { PasswordChangeForm } from './password-change-form';

export function ForcedPasswordPage() {
  const t = useT();
  const { refresh, signOut } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();

  const onDone = async () => {
    void message.success(t('password.changed'));
    await refresh(); // the guard then moves on to the next step or the app
  };

  return (
    <AuthFrame title={t('password.forcedTitle')} width={460}>
      <Alert type="warning" showIcon title={t('password.forcedHint')} style={{ marginBottom: 16 }} />
      <PasswordChangeForm onDone={onDone} />
      <Flex justify="flex-end">
        <Button type="link" onClick={() => void signOut().then(() => navigate('/login', { replace: true }))}>
          {t('header.signOut')}
        </Button>
      </Flex>
    </AuthFrame>
  );
}
