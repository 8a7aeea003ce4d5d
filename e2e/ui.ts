// Page helpers for the browser tests: they act as a user would, finding things by role and label.
import type { Locator, Page } from 'playwright-core';

/** A button by its text; antd puts a space between two Chinese characters ("登 录"). */
export function button(scope: Page | Locator, text: string): Locator {
  const escaped = [...text].map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s?');
  // Icons inside a button add their own name before or after the text ("plus 新增下级", "更多 down").
  return scope.getByRole('button', { name: new RegExp(`(^|\\s)${escaped}(\\s[a-z-]+)?$`) });
}

export async function waitForPath(page: Page, pattern: RegExp, timeout = 15_000): Promise<void> {
  await page.waitForURL((url) => pattern.test(url.pathname), { timeout });
}

/** Fills the sign-in form; when `code` is given, also the one-time-code field the server asks for. */
export async function signIn(page: Page, username: string, password: string, code?: () => Promise<string>): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await button(page, '登录').click();
  if (code) {
    const field = page.getByLabel('动态验证码');
    await field.waitFor();
    await field.fill(await code());
    await field.press('Enter');
  }
}

export async function signOut(page: Page, labels = { menu: '用户菜单', signOut: '退出登录' }): Promise<void> {
  await page.getByRole('button', { name: labels.menu }).click();
  await page.getByRole('menuitem', { name: labels.signOut }).click();
  await waitForPath(page, /^\/login$/);
}

/** Opens an antd Select found by its label (within `scope`, e.g. a dialog) and picks the option with this text. */
export async function pickOption(
  page: Page,
  label: string,
  option: string,
  opts: { within?: Locator; search?: string } = {},
): Promise<void> {
  const box = (opts.within ?? page).getByLabel(label, { exact: true });
  await box.click();
  if (opts.search) await box.fill(opts.search);
  await visibleOption(page, option).click();
}

export function visibleOption(page: Page, text: string): Locator {
  // antd renders each option as a div carrying the option text as its title.
  return page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').getByTitle(text, { exact: true });
}

export function dialog(page: Page): Locator {
  return page.getByRole('dialog');
}

export function treeItem(page: Page, name: string): Locator {
  return page.getByRole('tree').getByRole('treeitem').filter({ hasText: name });
}

/** Waits until the requests are done and no spinner is left. */
export async function settled(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page
    .locator('.ant-spin-spinning')
    .first()
    .waitFor({ state: 'hidden' })
    .catch(() => undefined);
}
