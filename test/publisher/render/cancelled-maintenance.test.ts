import { describe, expect, it } from 'vitest';
import { renderSiteFiles } from '#publisher/render/site-files';
import { aMaintenance, aMaintenanceUpdate, siteData } from '../../fixtures/site/builders.ts';

describe('a cancelled maintenance window on the page and in the feeds', () => {
  it('reads Cancelled on its month’s history page and in both feeds, Completed in the Statuspage JSON', async () => {
    const cancelled = aMaintenance({
      id: 'MNT-C',
      title: 'Network work',
      status: 'completed',
      scheduled_for: '2025-11-26T02:00:00.000Z',
      scheduled_until: '2025-11-26T04:00:00.000Z',
      completed_at: '2025-11-25T09:00:00.000Z',
      cancelled_at: '2025-11-25T09:00:00.000Z',
      updated_at: '2025-11-25T09:00:00.000Z',
      updates: [
        aMaintenanceUpdate({ maintenance_id: 'MNT-C', seq: 1 }),
        aMaintenanceUpdate({ maintenance_id: 'MNT-C', seq: 2, status: 'completed', message: 'Called off.', created_at: '2025-11-25T09:00:00.000Z' }),
      ],
    });
    const files = new Map((await renderSiteFiles(siteData({ maintenances: [cancelled] }), 'all')).map((f) => [f.path, String(f.body)]));

    const month = files.get('history/2025-11/index.html')!;
    const card = month.slice(month.indexOf('id="maintenance-MNT-C"'));
    expect(card).toMatch(/class="badge status-completed">Cancelled</);
    expect(files.get('history.atom')).toContain('Status: Cancelled.');
    expect(files.get('history.rss')).toContain('Cancelled: Called off.');
    const json = JSON.parse(files.get('api/v2/scheduled-maintenances.json')!) as { scheduled_maintenances: Array<{ status: string }> };
    expect(json.scheduled_maintenances.map((m) => m.status)).toEqual(['completed']);
  });
});
