// axe-core in the browser tests: the WCAG 2.1 A/AA rules run on what is on screen. The engine's
// source is evaluated in the page's main world through the DevTools protocol (page.evaluate), which
// the app's Content-Security-Policy does not govern, so no inline <script> has to be allowed.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** The rule sets checked: WCAG 2.0 and 2.1, levels A and AA (China's GB/T 37668-2019 follows them). */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** One violating element: the rule, what it says, the element (CSS selector) and the page it was on. */
export interface AxeFinding {
  where: string;
  rule: string;
  impact: string;
  help: string;
  target: string;
  /** The start of the element's HTML (for rules other than contrast, where the summary says it all). */
  html: string;
  summary: string;
}

interface AxeResultLike {
  violations: {
    id: string;
    impact?: string | null;
    help: string;
    nodes: { target: unknown[]; html: string; failureSummary?: string }[];
  }[];
}

/**
 * Runs axe on the page as it is now (`where` names the page or dialog in the findings). Experimental
 * rules are off, except label-content-name-mismatch (WCAG 2.5.3, visible label part of the name).
 */
export async function axeFindings(page: Page, where: string): Promise<AxeFinding[]> {
  const loaded = await page.evaluate('typeof window.axe === "object"');
  if (!loaded) await page.evaluate(AXE_SOURCE);
  const result = (await page.evaluate(
    ([tags]) =>
      (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<unknown> } }).axe.run(document, {
        runOnly: { type: 'tag', values: tags },
        rules: { 'label-content-name-mismatch': { enabled: true } },
        resultTypes: ['violations'],
      }),
    [WCAG_TAGS],
  )) as AxeResultLike;
  return result.violations.flatMap((v) =>
    v.nodes.map((n) => ({
      where,
      rule: v.id,
      impact: v.impact ?? '',
      help: v.help,
      target: n.target.map(String).join(' >> '),
      html: v.id === 'color-contrast' ? '' : n.html.replace(/\s+/g, ' ').slice(0, 160),
      summary: (n.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 240),
    })),
  );
}

/** A readable list of findings, grouped by rule, for a failed assertion's message. */
export function formatFindings(findings: AxeFinding[]): string {
  if (findings.length === 0) return 'no violations';
  const byRule = new Map<string, AxeFinding[]>();
  for (const f of findings) byRule.set(f.rule, [...(byRule.get(f.rule) ?? []), f]);
  const lines = [`${findings.length} violating element(s):`];
  for (const [rule, list] of byRule) {
    lines.push(`- ${rule} (${list[0]!.impact}): ${list[0]!.help} — ${list.length}`);
    for (const f of list.slice(0, 25)) lines.push(`    ${f.where}  ${f.target}  ${f.html}  ${f.summary}`);
    if (list.length > 25) lines.push(`    … and ${list.length - 25} more`);
  }
  return lines.join('\n');
}
