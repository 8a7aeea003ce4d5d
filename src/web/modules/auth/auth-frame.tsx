// The centred card used by sign-in and the forced set-up steps.
import { Card, Flex, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useT } from '../../i18n';
import { LanguageSwitch } from '../../layout/app-layout';

export function AuthFrame({ title, children, width = 420 }: { title: ReactNode; children: ReactNode; width?: number }) {
  const t = useT();
  return (
    <div style={{ minHeight: '100vh', background: 'linear-gradient(135deg, #8f0b20 0%, #c8102e 45%, #f5f5f5 45%)', position: 'relative' }}>
      <div style={{ position: 'absolute', top: 16, right: 24 }}>
        <LanguageSwitch />
      </div>
      <Flex vertical align="center" justify="center" style={{ minHeight: '100vh', padding: 24 }}>
        <Flex align="center" gap={12} style={{ marginBottom: 24 }}>
          <div
            style={{
              width: 44,
              height: 44,
              borderRadius: 8,
              background: '#fff',
              color: '#c8102e',
              display: 'grid',
              placeItems: 'center',
              fontSize: 22,
              fontWeight: 700,
            }}
          >
            {t('app.logoChar')}
          </div>
          <div>
            <Typography.Title level={3} style={{ margin: 0, color: '#fff' }}>
              {t('app.name')}
            </Typography.Title>
            <Typography.Text style={{ color: 'rgba(255,255,255,0.85)' }}>{t('app.subtitle')}</Typography.Text>
          </div>
        </Flex>
        <Card title={title} style={{ width, maxWidth: '100%', boxShadow: '0 8px 24px rgba(0,0,0,0.12)' }}>
          {children}
        </Card>
        <Typography.Text type="secondary" style={{ marginTop: 24 }}>
          {t('app.footer')}
        </Typography.Text>
      </Flex>
    </div>
  );
}
