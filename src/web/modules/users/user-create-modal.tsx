// Create a user with an initial password, which they must change at first sign-in.
import { Form, Input } from 'antd';
import { useT } from '../../i18n';
import { useSession } from '../../session';
import { FormModal } from '../../shared/form-modal';
import { confirmRules, newPasswordRules } from '../auth/password-rules';
import { OrgSelect } from '../orgs/org-select';
import { RoleSelect } from './role-select';
import { usersApi, type CreateUserInput, type UserView } from './users-api';

interface Values extends CreateUserInput {
  confirmPassword: string;
}

export function UserCreateModal({
  open,
  defaultOrg,
  onClose,
  onCreated,
}: {
  open: boolean;
  defaultOrg?: { id: string; name: string };
  onClose: () => void;
  onCreated: (user: UserView) => void;
}) {
  const t = useT();
  const { user } = useSession();
  const [form] = Form.useForm<Values>();
  const org = defaultOrg ?? (user ? { id: user.orgId, name: user.orgName } : undefined);

  const onSubmit = async ({ confirmPassword: _, ...v }: Values) => {
    const created = await usersApi.create({ ...v, username: v.username.trim(), displayName: v.displayName?.trim() || undefined });
    onCreated(created);
  };

  return (
    <FormModal<Values>
      title={t('user.createTitle')}
      open={open}
      form={form}
      initialValues={{ orgId: org?.id, roles: [] }}
      onCancel={onClose}
      onSubmit={onSubmit}
      okText={t('common.create')}
    >
      <Form.Item
        label={t('user.username')}
        name="username"
        extra={t('user.usernameHint')}
        rules={[
          { required: true, message: t('user.usernameRequired') },
          { pattern: /^[A-Za-z0-9_.@-]{3,64}$/, message: t('user.usernameHint') },
        ]}
      >
        <Input autoFocus autoComplete="off" maxLength={64} />
      </Form.Item>
      <Form.Item
        label={t('user.displayName')}
        name="displayName"
        rules={[{ required: true, whitespace: true, message: t('user.displayNameRequired') }, { max: 64 }]}
      >
        <Input maxLength={64} />
      </Form.Item>
      <Form.Item label={t('user.initialPassword')} name="password" rules={newPasswordRules(t)} extra={t('password.policyHint')}>
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item label={t('password.confirm')} name="confirmPassword" dependencies={['password']} rules={confirmRules(t, 'password')}>
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item label={t('user.org')} name="orgId" rules={[{ required: true, message: t('user.orgRequired') }]}>
        <OrgSelect initial={org ? [org] : []} />
      </Form.Item>
      <Form.Item label={t('user.roles')} name="roles" rules={[{ required: true, type: 'array', min: 1, message: t('user.rolesRequired') }]}>
        <RoleSelect />
      </Form.Item>
    </FormModal>
  );
}
