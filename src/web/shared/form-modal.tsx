// A modal holding one form: the OK button is the form's submit button (so Enter submits),
// it spins while the request runs, and server field errors land on the fields.
import { Form, Modal } from 'antd';
import type { FormInstance } from 'antd';
import { useState, type ReactNode } from 'react';
import { useT } from '../i18n';
import { useErrorHandler } from './use-error-handler';

interface FormModalProps<T> {
  title: ReactNode;
  open: boolean;
  form: FormInstance<T>;
  initialValues?: Partial<T>;
  okText?: ReactNode;
  danger?: boolean;
  width?: number;
  onCancel: () => void;
  /** Runs the request; the modal closes when it resolves. */
  onSubmit: (values: T) => Promise<void>;
  children: ReactNode;
}

export function FormModal<T extends object>(props: FormModalProps<T>) {
  const { title, open, form, initialValues, okText, danger, width, onCancel, onSubmit, children } = props;
  const t = useT();
  const onError = useErrorHandler();
  const [submitting, setSubmitting] = useState(false);

  const onFinish = async (values: T) => {
    setSubmitting(true);
    try {
      await onSubmit(values);
    } catch (err) {
      onError(err, form);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Modal
      title={title}
      open={open}
      width={width ?? 560}
      onCancel={onCancel}
      okText={okText ?? t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ htmlType: 'submit', loading: submitting, danger }}
      destroyOnHidden
      mask={{ closable: false }}
      modalRender={(dom) => (
        <Form<T> form={form} layout="vertical" initialValues={initialValues} clearOnDestroy onFinish={onFinish} requiredMark>
          {dom}
        </Form>
      )}
    >
      {children}
    </Modal>
  );
}
