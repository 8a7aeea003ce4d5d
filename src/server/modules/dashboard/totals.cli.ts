// `npm run cli -- verify-totals [--fix]` and `repair-totals`: the roll-ups against a recount.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { recountTotals, repairTotals } from './totals.repository.js';

export async function verifyTotalsCommand(db: Kysely<Database>, fix: boolean, log = console.log): Promise<void> {
  const started = Date.now();
  const wrong = fix ? await repairTotals(db) : await recountTotals(db);
  const ms = Date.now() - started;
  if (!wrong.length) {
    log(`dashboard totals match a recount (${ms} ms)`);
    return;
  }
  log(`${wrong.length} mismatch(es) between the stored totals and a recount:`);
  log('org_id\tcolumn\tstored\texpected');
  for (const m of wrong.slice(0, 200)) log(`${m.orgId}\t${m.column}\t${m.stored}\t${m.expected}`);
  if (wrong.length > 200) log(`… and ${wrong.length - 200} more`);
  if (fix) log(`repaired (${ms} ms)`);
  else process.exitCode = 1;
}
