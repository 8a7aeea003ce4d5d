// The password policy, checked in the browser before the server checks it again:
// at least 10 characters from at least 3 of upper case, lower case, digits, symbols.
import type { FormRule } from 'antd';
import type { Translate } from '../../i18n';

export function meetsPolicy(password: string): boolean {
  const classes = [/[A-Z]/, /[a-z]/, /\d/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  return password.length >= 10 && classes >= 3;
}

export function newPasswordRules(t: Translate): FormRule[] {
  return [
    { required: true, message: t('password.newRequired') },
    {
      validator: async (_, value: string | undefined) => {
        if (value && !meetsPolicy(value)) throw new Error(t('password.policy'));
      },
    },
  ];
}

/** The confirmation must repeat the field `field`. */
export function confirmRules(t: Translate, field: string): FormRule[] {
  return [
    { required: true, message: t('password.confirmRequired') },
    ({ getFieldValue }) => ({
      validator: async (_, value: string | undefined) => {
        if (value && value !== getFieldValue(field)) throw new Error(t('password.mismatch'));
      },
    }),
  ];
}
