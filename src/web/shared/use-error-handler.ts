// Shows a failed request to the user: field errors on the matching form fields (the server's
// "body.name" becomes the form field "name"), everything else as a message.
import { App } from 'antd';
import type { FormInstance } from 'antd';
import { useCallback } from 'react';
import { ApiError, type FieldIssue } from '../api';
import { useT, type Translate } from '../i18n';

type NamePath = (string | number)[];

/** "body.roles.0" → ["roles", 0]; the request part (body, query, params) is dropped. */
export function fieldNamePath(path: string): NamePath {
  const parts = path.split('.');
  if (['body', 'query', 'params'].includes(parts[0] ?? '')) parts.shift();
  return parts.map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

export function errorText(err: unknown, t: Translate): string {
  if (err instanceof ApiError) {
    if (err.code === 'network_error') return t('error.network');
    return err.message || t('error.unexpected');
  }
  return t('error.unexpected');
}

/** Puts each field issue on the form field it names; returns the issues no field took. */
function applyFieldIssues(form: FormInstance, issues: FieldIssue[]): FieldIssue[] {
  const registered = form.getFieldsError().map((f) => f.name.join('.'));
  const byField = new Map<string, { name: NamePath; errors: string[] }>();
  const rest: FieldIssue[] = [];
  for (const issue of issues) {
    const name = fieldNamePath(issue.path);
    // A nested path (roles.0) is shown on the closest registered field (roles).
    let target: NamePath | null = null;
    for (let n = name.length; n > 0 && !target; n--) {
      if (registered.includes(name.slice(0, n).join('.'))) target = name.slice(0, n);
    }
    if (!target) {
      rest.push(issue);
      continue;
    }
    const key = target.join('.');
    const entry = byField.get(key) ?? { name: target, errors: [] };
    entry.errors.push(issue.message);
    byField.set(key, entry);
  }
  form.setFields([...byField.values()]);
  return rest;
}

export function useErrorHandler(): (err: unknown, form?: FormInstance) => void {
  const { message } = App.useApp();
  const t = useT();
  return useCallback(
    (err: unknown, form?: FormInstance) => {
      if (err instanceof ApiError && err.code === 'unauthenticated') return; // the app goes to sign-in
      if (form && err instanceof ApiError && err.fields.length > 0) {
        const rest = applyFieldIssues(form, err.fields);
        if (rest.length === 0) return;
      }
      if (!(err instanceof ApiError)) console.error(err);
      void message.error(errorText(err, t));
    },
    [message, t],
  );
}
