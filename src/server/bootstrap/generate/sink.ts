// Bulk writers for the generator: COPY … FROM STDIN on PostgreSQL (one COPY per batch, text format),
// multi-row INSERT on PGlite. Statement-level triggers (the dashboard roll-ups) fire for both.
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { copyText } from '../../db/copy.js';
import type { Database } from '../../db/schema.js';

export type Value = string | number | boolean | null;

export interface Sink {
  readonly kind: 'copy' | 'insert';
  /** Writes the rows; columns may include an identity column (its values are kept). */
  write(table: string, columns: readonly string[], rows: Value[][]): Promise<void>;
  close(): Promise<void>;
}

export async function copySink(databaseUrl: string): Promise<Sink> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  // A bulk load of synthetic data: no need to wait for the WAL flush of every batch.
  await client.query('SET synchronous_commit = off');
  return {
    kind: 'copy',
    async write(table, columns, rows) {
      if (!rows.length) return;
      const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
      const done = new Promise<void>((resolve, reject) => {
        stream.on('finish', () => resolve());
        stream.on('error', reject);
      });
      let buf = '';
      for (const row of rows) {
        buf += `${row.map(copyText).join('\t')}\n`;
        if (buf.length > 1 << 16) {
          if (!stream.write(buf)) await new Promise((r) => stream.once('drain', r));
          buf = '';
        }
      }
      stream.end(buf);
      await done;
    },
    close: () => client.end(),
  };
}

const literal = (v: Value): string => {
  if (v === null) return 'NULL';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return String(v);
  return `'${v.replace(/'/g, "''")}'`;
};

export function insertSink(db: Kysely<Database>, batch = 500): Sink {
  return {
    kind: 'insert',
    async write(table, columns, rows) {
      for (let i = 0; i < rows.length; i += batch) {
        const values = rows
          .slice(i, i + batch)
          .map((r) => `(${r.map(literal).join(', ')})`)
          .join(',\n');
        const override = columns.includes('id') ? ' OVERRIDING SYSTEM VALUE' : '';
        await sql.raw(`INSERT INTO ${table} (${columns.join(', ')})${override} VALUES ${values}`).execute(db);
      }
    },
    close: async () => {},
  };
}
