// Before a full ID number or phone is shown or exported: the purpose (a short list, free text
// required for 其他), and a word that the view is recorded in the audit log with it.
import { Alert, Form, Input, Modal, Radio } from 'antd';
import { useState } from 'react';
import type { PiiPurpose } from './people-api';
import { usePeopleT } from './people-i18n';

const PURPOSES: PiiPurpose[] = ['verify_identity', 'handle_business', 'data_check', 'other'];

export interface PiiReason {
  purpose: PiiPurpose;
  purposeNote?: string;
}

export function PiiPurposeModal({
  open,
  forExport,
  onOk,
  onCancel,
}: {
  open: boolean;
  forExport?: boolean;
  /** Resolves when done (the dialog then closes); a rejection keeps it open. */
  onOk: (reason: PiiReason) => Promise<void>;
  onCancel: () => void;
}) {
  const t = usePeopleT();
  const [form] = Form.useForm<{ purpose: PiiPurpose; purposeNote?: string }>();
  const purpose = Form.useWatch('purpose', form);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      await onOk({ purpose: v.purpose, ...(v.purposeNote?.trim() ? { purposeNote: v.purposeNote.trim() } : {}) });
      form.resetFields();
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={open}
      title={t(forExport ? 'pii.exportTitle' : 'pii.title')}
      okText={t(forExport ? 'pii.confirmExport' : 'pii.confirm')}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={() => {
        form.resetFields();
        onCancel();
      }}
      confirmLoading={busy}
      destroyOnHidden
    >
      <Alert type="info" showIcon message={t('pii.notice')} style={{ marginBottom: 16 }} data-testid="pii-notice" />
      <Form form={form} layout="vertical" name="pii-purpose" initialValues={{ purpose: undefined }}>
        <Form.Item name="purpose" label={t('pii.purpose')} rules={[{ required: true, message: t('pii.purpose') }]}>
          <Radio.Group options={PURPOSES.map((p) => ({ value: p, label: t(`pii.purpose.${p}`) }))} />
        </Form.Item>
        <Form.Item
          name="purposeNote"
          label={t('pii.note')}
          rules={[{ required: purpose === 'other', whitespace: true, message: t('pii.noteRequired') }, { max: 200 }]}
        >
          <Input.TextArea rows={2} maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
