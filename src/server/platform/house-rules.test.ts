// House rules that the compiler cannot see, checked on the source tree:
//   - SQL lives in repositories: no `*.service.ts` or `*.routes.ts` under src/server builds a query
//     (`selectFrom`, `insertInto`, `updateTable`, `deleteFrom`, the `sql` tag);
//   - no import cycles between files of src/server (type-only imports count: a cycle of types is
//     still two files that cannot be read, or moved, apart), nor between its modules (modules/<name>/).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SERVER = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

/** The code without comments and string contents (so a comment or a message may say "sql"). */
function codeOf(src: string): string {
  return src
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:\\])\/\/.*$/gm, '$1')
    .replace(/'(?:[^'\\\n]|\\.)*'/g, "''");
}

const SQL_CALLS = [
  /\.(selectFrom|insertInto|updateTable|deleteFrom)\s*\(/,
  /\bsql\s*(`|<|\.\w+\s*\()/,
  /import\s*\{[^}]*\bsql\b[^}]*\}\s*from\s*''/,
];

/** Whether source code builds SQL (comments and string contents aside). */
function buildsSql(src: string): boolean {
  const code = codeOf(src);
  return SQL_CALLS.some((re) => re.test(code));
}

/** Files whose code builds SQL although their name says service or routes. */
function sqlOutsideRepositories(files: string[]): string[] {
  return files.filter((f) => /\.(service|routes)\.ts$/.test(f) && buildsSql(readFileSync(f, 'utf8'))).map((f) => relative(SERVER, f));
}

/**
 * Strongly connected groups of more than one node in the relative-import graph, where a node is a
 * file or, with `nodeOf`, a group of files (a module).
 */
function importCycles(files: string[], nodeOf: (file: string) => string = (f) => f): string[][] {
  const graph = new Map<string, string[]>();
  for (const f of files) {
    const src = readFileSync(f, 'utf8');
    const deps = [...src.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+'(\.[^']+)'|^\s*import\s+'(\.[^']+)'/gms)].map((m) =>
      nodeOf(resolve(dirname(f), (m[1] ?? m[2])!.replace(/\.js$/, '.ts'))),
    );
    const node = nodeOf(f);
    graph.set(node, [...(graph.get(node) ?? []), ...deps.filter((d) => d !== node)]);
  }
  // Tarjan's algorithm.
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        group.push(relative(SERVER, w));
      } while (w !== v);
      if (group.length > 1) groups.push(group.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return groups;
}

describe('house rules', () => {
  const files = sourceFiles(SERVER);

  it('keeps SQL in repositories: no service or route file builds a query', () => {
    expect(sqlOutsideRepositories(files), "move these queries into the module's *.repository.ts").toEqual([]);
  });

  it('has no import cycle between files of src/server', () => {
    expect(importCycles(files), 'break these cycles (move what both sides need into a third file)').toEqual([]);
  });

  it('has no import cycle between modules (one may use another, not both ways)', () => {
    const moduleOf = (f: string) => /^(.*[/\\]modules[/\\][^/\\]+)[/\\]/.exec(f)?.[1] ?? f;
    const modules = files.filter((f) => moduleOf(f) !== f);
    expect(importCycles(modules, moduleOf), 'these modules import each other').toEqual([]);
  });

  it('recognises a query, and not a comment or a message that names one (the check checks)', () => {
    expect(buildsSql(readFileSync(join(SERVER, 'modules/tasks/tasks.repository.ts'), 'utf8'))).toBe(true);
    expect(buildsSql("import { sql, type Kysely } from 'kysely';")).toBe(true);
    expect(buildsSql('await sql`SELECT 1`.execute(db);')).toBe(true);
    expect(
      buildsSql("// db.selectFrom('x') and sql`y` in a comment\nconst m = 'selectFrom(';\nimport type { Kysely } from 'kysely';"),
    ).toBe(false);
  });
});
