// The actions of one row of the user table.
import { DownOutlined } from '@ant-design/icons';
import { App, Button, Dropdown, Popconfirm, Space } from 'antd';
import type { MenuProps } from 'antd';
import { useT } from '../../i18n';
import { useSession } from '../../session';
import { useErrorHandler } from '../../shared/use-error-handler';
import { usersApi, type UserView } from './users-api';

interface Props {
  target: UserView;
  onEdit: () => void;
  onResetPassword: () => void;
  onChanged: () => void;
}

export function UserActions({ target, onEdit, onResetPassword, onChanged }: Props) {
  const t = useT();
  const { user } = useSession();
  const { message, modal } = App.useApp();
  const onError = useErrorHandler();
  const self = user?.id === target.id;
  const disabled = target.status === 'disabled';

  const run = async (action: () => Promise<unknown>, done: string) => {
    try {
      await action();
      void message.success(done);
      onChanged();
    } catch (err) {
      onError(err);
    }
  };

  const more: MenuProps['items'] = [
    { key: 'reset-password', label: t('user.resetPassword') },
    { key: 'unlock', label: t('user.unlock'), disabled: !target.locked },
    { key: 'reset-totp', label: t('user.resetTotp'), disabled: !target.totpEnabled },
  ];
  const onMore: MenuProps['onClick'] = ({ key }) => {
    if (key === 'reset-password') onResetPassword();
    if (key === 'unlock') {
      modal.confirm({
        title: t('user.unlockConfirm', { name: target.username }),
        okText: t('common.confirm'),
        cancelText: t('common.cancel'),
        onOk: () => run(() => usersApi.unlock(target.id), t('user.unlocked')),
      });
    }
    if (key === 'reset-totp') {
      modal.confirm({
        title: t('user.resetTotpConfirm', { name: target.username }),
        content: t('user.resetTotpHint'),
        okText: t('common.confirm'),
        okButtonProps: { danger: true },
        cancelText: t('common.cancel'),
        onOk: () => run(() => usersApi.resetTotp(target.id), t('user.totpReset')),
      });
    }
  };

  return (
    <Space size={0}>
      <Button type="link" size="small" onClick={onEdit}>
        {t('common.edit')}
      </Button>
      {!self && (
        <Popconfirm
          title={disabled ? t('user.enableConfirm', { name: target.username }) : t('user.disableConfirm', { name: target.username })}
          okText={t('common.confirm')}
          cancelText={t('common.cancel')}
          okButtonProps={{ danger: !disabled }}
          onConfirm={() =>
            run(
              () => usersApi.update(target.id, { status: disabled ? 'active' : 'disabled' }),
              disabled ? t('user.enabled') : t('user.disabled'),
            )
          }
        >
          <Button type="link" size="small" danger={!disabled}>
            {disabled ? t('user.enable') : t('user.disable')}
          </Button>
        </Popconfirm>
      )}
      <Dropdown menu={{ items: more, onClick: onMore }} trigger={['click']}>
        <Button type="link" size="small">
          {t('common.more')} <DownOutlined />
        </Button>
      </Dropdown>
    </Space>
  );
}
