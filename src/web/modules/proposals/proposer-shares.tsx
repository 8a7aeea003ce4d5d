// The proposers and their shares of an item (percent, two decimals, summing to 100 %): one list with a
// row per proposer, add and remove, and the running total. Used where an item is created and where a
// duplicate is merged into it; must sit inside the form whose `proposers` field it edits.
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Form, Input, Space, Typography } from 'antd';
import type { ReactElement } from 'react';
import { useInnovationT } from './proposals-i18n';

/** A share as typed: up to 3 digits, up to 2 decimals. */
export const PERCENT = /^\d{1,3}(\.\d{1,2})?$/;
/** "60" → 6000, "33.33" → 3333: basis points from a percentage, exact. */
export function percentToBp(text: string): number {
  const [whole = '0', frac = ''] = text.trim().split('.');
  return Number(whole) * 100 + Number(frac.padEnd(2, '0'));
}

export function ProposerSharesList({ select, hint }: { select: ReactElement; hint?: string }) {
  const t = useInnovationT();
  const form = Form.useFormInstance();
  const shares: ({ share?: string } | undefined)[] = Form.useWatch('proposers', form) ?? [];
  const total = shares.reduce((a, p) => a + (p?.share && PERCENT.test(p.share.trim()) ? percentToBp(p.share) : 0), 0);
  const req = (field: string) => [{ required: true, message: t('required', { field }) }];
  return (
    <Form.List
      name="proposers"
      rules={[
        {
          validator: async () => {
            if (total !== 10_000) throw new Error(t('create.sharesNot100'));
          },
        },
      ]}
    >
      {(fields, { add, remove }, { errors }) => (
        <>
          <Typography.Text strong>{t('create.proposers')}</Typography.Text>
          {hint && <Typography.Paragraph type="secondary">{hint}</Typography.Paragraph>}
          {fields.map((f, i) => (
            <Space key={f.key} align="baseline" style={{ display: 'flex' }} wrap>
              <Form.Item
                name={[f.name, 'personId']}
                label={t('create.proposer', { n: i + 1 })}
                rules={req(t('create.proposer', { n: i + 1 }))}
                style={{ minWidth: 360 }}
              >
                {select}
              </Form.Item>
              <Form.Item
                name={[f.name, 'share']}
                label={t('create.share', { n: i + 1 })}
                rules={[...req(t('create.share', { n: i + 1 })), { pattern: PERCENT, message: t('create.sharesNot100') }]}
              >
                <Input inputMode="decimal" style={{ width: 120 }} />
              </Form.Item>
              {fields.length > 1 && (
                <Button
                  type="text"
                  icon={<MinusCircleOutlined />}
                  aria-label={t('create.removeProposer', { n: i + 1 })}
                  onClick={() => remove(f.name)}
                />
              )}
            </Space>
          ))}
          <Space style={{ marginBottom: 16 }}>
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ personId: undefined, share: '' })}>
              {t('create.addProposer')}
            </Button>
            <Typography.Text type={total === 10_000 ? 'secondary' : 'danger'}>
              {t('create.sharesTotal', { total: (total / 100).toString() })}
            </Typography.Text>
          </Space>
          <Form.ErrorList errors={errors} />
        </>
      )}
    </Form.List>
  );
}
