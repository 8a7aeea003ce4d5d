// `npm run cli -- generate --workers 5000000 [--seed 1] [--province 37] [--as-of 2026-11-23] [--no-verify]`
import type { AppDeps } from '../../platform/http.js';
import { generateDataset } from './generate.js';

export async function generateCommand(deps: AppDeps, argv: string[], log = console.log): Promise<void> {
  const arg = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const workers = Number((arg('workers') ?? '100000').replace(/[_,]/g, ''));
  const province = arg('province');
  if (province !== undefined && !/^\d{2}$/.test(province)) throw new Error('--province takes a two-digit GB/T 2260 code, e.g. 37');
  const asOf = arg('as-of');
  if (asOf !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw new Error('--as-of takes a date, YYYY-MM-DD');
  const r = await generateDataset(deps, {
    workers,
    seed: Number(arg('seed') ?? '1'),
    province,
    asOf,
    verify: !argv.includes('--no-verify'),
    log,
  });
  log(
    `done in ${r.seconds.toFixed(1)} s: ${r.organisations.toLocaleString()} organisations (${r.enterprises.toLocaleString()} enterprises), ${r.people.toLocaleString()} workers (${Math.round(r.peopleRowsPerSecond).toLocaleString()}/s), ${r.skills.toLocaleString()} certificates, ${r.honours.toLocaleString()} honours, ${r.tasks.toLocaleString()} tasks, ${r.reports.toLocaleString()} reports`,
  );
  for (const l of r.logins) log(`login ${l.username} (${l.org}) password "${l.password}"`);
  if (r.totalsMismatches) process.exitCode = 1;
}
