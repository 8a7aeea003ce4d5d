// The demo's studios and pairs: a named 劳模创新工作室 at 湘电集团 with a province application waiting at
// the city, and a pair whose master's award is due.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { seedDemo } from '../../bootstrap/demo.js';
import { ensureRootAndAdmin } from '../../bootstrap/first-start.js';
import { createSecretBox } from '../../platform/secrets.js';
import { openTestDatabase } from '../../testing/harness.js';
import * as repo from './innovation.repository.js';

describe('innovation demo', () => {
  it('seeds studios, namings, an application in progress and pairs', async () => {
    const handle = await openTestDatabase();
    try {
      await ensureRootAndAdmin(handle.db, 'Admin-Passw0rd!');
      expect((await seedDemo(handle.db, createSecretBox(randomBytes(32)))).created).toBe(true);
      const root = await handle.db.selectFrom('organisations').select('path').where('parent_id', 'is', null).executeTakeFirstOrThrow();
      const studios = await repo.listStudios(handle.db, { rootPath: root.path }, undefined, { limit: 10, offset: 0 });
      expect(studios.total).toBe(3);
      expect(studios.rows.find((s) => s.org_name === '湘电集团有限公司')).toMatchObject({
        category: '劳模创新工作室',
        level: 'city',
        member_count: 5,
      });
      const waiting = await repo.listApplications(handle.db, { rootPath: root.path, status: 'submitted' }, { limit: 10, offset: 0 });
      expect(waiting.rows.map((a) => a.at_org_name)).toEqual(['湘潭市总工会']);
      const due = await repo.listPairs(handle.db, { rootPath: root.path, awardDue: true }, { limit: 10, offset: 0 });
      expect(due.total).toBe(1);
    } finally {
      await handle.close();
    }
  }, 120_000);
});
