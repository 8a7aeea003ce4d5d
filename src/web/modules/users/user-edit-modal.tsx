// Change a user's name, organisation and roles.
import { Form, Input } from 'antd';
import { useT } from '../../i18n';
import { useSession } from '../../session';
import { FormModal } from '../../shared/form-modal';
import { OrgSelect } from '../orgs/org-select';
import { RoleSelect } from './role-select';
import { usersApi, type UserView } from './users-api';

interface Values {
  displayName: string;
  orgId: string;
  roles: string[];
}

export function UserEditModal({ target, onClose, onSaved }: { target: UserView; onClose: () => void; onSaved: (user: UserView) => void }) {
  const t = useT();
  const { user } = useSession();
  const [form] = Form.useForm<Values>();
  const self = user?.id === target.id;

  const onSubmit = async (v: Values) => {
    const changes: Partial<Values> = {};
    if (v.displayName.trim() !== target.displayName) changes.displayName = v.displayName.trim();
    if (!self && v.orgId !== target.orgId) changes.orgId = v.orgId;
    if (!self && [...v.roles].sort().join() !== [...target.roles].sort().join()) changes.roles = v.roles;
    onSaved(Object.keys(changes).length ? await usersApi.update(target.id, changes) : target);
  };

  return (
    <FormModal<Values>
      title={t('user.editTitle', { name: target.username })}
      open
      form={form}
      initialValues={{ displayName: target.displayName, orgId: target.orgId, roles: target.roles }}
      onCancel={onClose}
      onSubmit={onSubmit}
    >
      <Form.Item
        label={t('user.displayName')}
        name="displayName"
        rules={[{ required: true, whitespace: true, message: t('user.displayNameRequired') }, { max: 64 }]}
      >
        <Input autoFocus maxLength={64} />
      </Form.Item>
      <Form.Item
        label={t('user.org')}
        name="orgId"
        rules={[{ required: true, message: t('user.orgRequired') }]}
        extra={self ? t('user.notSelf') : undefined}
      >
        <OrgSelect initial={[{ id: target.orgId, name: target.orgName }]} />
      </Form.Item>
      <Form.Item label={t('user.roles')} name="roles" rules={[{ required: true, type: 'array', min: 1, message: t('user.rolesRequired') }]}>
        <RoleSelect />
      </Form.Item>
    </FormModal>
  );
}
