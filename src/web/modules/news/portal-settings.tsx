// A federation's public portal: its path, name and footer (ICP number, copyright line, report hotline),
// and whether article pages show the review credits. Set by staff who administer the organisation.
import { Button, Checkbox, Form, Input, Modal } from 'antd';
import { App } from 'antd';
import { useState } from 'react';
import { useSession } from '../../session';
import { useErrorHandler } from '../../shared/use-error-handler';
import { newsApi } from './news-api';
import { useNewsT } from './news-i18n';
import { useNewsChanged, usePortal } from './news-queries';

interface Values {
  slug: string;
  name: string;
  icp: string;
  copyright: string;
  hotline: string;
  host: string;
  showReviewCredits: boolean;
}

export function PortalSettingsButton() {
  const nt = useNewsT();
  const { user, can } = useSession();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const onError = useErrorHandler();
  const changed = useNewsChanged();
  const portal = usePortal(can('news.read'));
  const [busy, setBusy] = useState(false);
  if (!can('orgs.write') || !user) return portal.data?.portal ? <a href={portal.data.portal.url}>{nt('portalOpen')}</a> : null;
  const p = portal.data?.portal;
  const req = [{ required: true, whitespace: true, message: nt('noteRequired') }];
  return (
    <>
      {p && <a href={p.url}>{nt('portalOpen')}</a>}
      <Button onClick={() => setOpen(true)}>{nt('portal')}</Button>
      <Modal
        open={open}
        title={nt('portal')}
        okText={nt('save')}
        cancelText={nt('cancel')}
        confirmLoading={busy}
        destroyOnHidden
        onCancel={() => setOpen(false)}
        onOk={() =>
          void form.validateFields().then(async (v) => {
            setBusy(true);
            try {
              await newsApi.savePortal({ ...v, host: v.host?.trim() || null, orgId: user.orgId });
              await changed();
              void message.success(nt('portalSaved'));
              setOpen(false);
            } catch (err) {
              onError(err, form);
            } finally {
              setBusy(false);
            }
          })
        }
      >
        <Form<Values>
          form={form}
          layout="vertical"
          initialValues={{
            slug: p?.slug ?? '',
            name: p?.name ?? '',
            icp: p?.icp ?? '',
            copyright: p?.copyright ?? '',
            hotline: p?.hotline ?? '',
            host: p?.host ?? '',
            showReviewCredits: p?.showReviewCredits ?? false,
          }}
        >
          <Form.Item name="slug" label={nt('portal.slug')} rules={req}>
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item name="name" label={nt('portal.name')} rules={req}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="icp" label={nt('portal.icp')}>
            <Input maxLength={60} />
          </Form.Item>
          <Form.Item name="copyright" label={nt('portal.copyright')}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="hotline" label={nt('portal.hotline')}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="host" label={nt('portal.host')}>
            <Input maxLength={253} placeholder="news.example.cn" />
          </Form.Item>
          <Form.Item name="showReviewCredits" valuePropName="checked">
            <Checkbox>{nt('portal.showReviewCredits')}</Checkbox>
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
