import { exportContactsCsv } from '~/.server/campaigns/campaign-contacts.server';
import { findCampaign } from '~/.server/campaigns/campaigns.server';
import { projectApiLoader } from '~/.server/http/api-route';
import { MISSING } from '~/.server/http/missing';

/** The results as CSV, one line per contact (streamed). */
export const loader = projectApiLoader(
  { permission: 'campaigns.read', ids: { campaignId: MISSING.campaign } },
  async ({ access, ids }) => {
    await findCampaign(access.projectId, ids.campaignId);
    const lines = exportContactsCsv(access.projectId, ids.campaignId);
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const next = await lines.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      },
    });
    return new Response(body, {
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="campaign-${ids.campaignId}.csv"`,
      },
    });
  },
);
