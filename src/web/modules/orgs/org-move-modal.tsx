// Move an organisation (with its whole subtree) under another parent.
import { Alert, Form } from 'antd';
import { useT } from '../../i18n';
import { FormModal } from '../../shared/form-modal';
import { OrgSelect } from './org-select';
import { orgsApi, type OrgDetail, type OrgView } from './orgs-api';

interface Values {
  parentId: string;
}

export function OrgMoveModal({
  org,
  open,
  onClose,
  onMoved,
}: {
  org: OrgDetail;
  open: boolean;
  onClose: () => void;
  onMoved: (org: OrgView, oldParentId: string | null) => void;
}) {
  const t = useT();
  const [form] = Form.useForm<Values>();
  const exclude = [org.id, ...(org.parentId ? [org.parentId] : [])];
  return (
    <FormModal<Values>
      title={t('org.moveTitle', { name: org.name })}
      open={open}
      form={form}
      okText={t('org.move')}
      onCancel={onClose}
      onSubmit={async ({ parentId }) => onMoved(await orgsApi.move(org.id, parentId), org.parentId)}
    >
      <Alert type="info" showIcon title={t('org.moveHint', { count: org.childCount })} style={{ marginBottom: 16 }} />
      <Form.Item label={t('org.newParent')} name="parentId" rules={[{ required: true, message: t('org.newParentRequired') }]}>
        <OrgSelect exclude={exclude} />
      </Form.Item>
    </FormModal>
  );
}
