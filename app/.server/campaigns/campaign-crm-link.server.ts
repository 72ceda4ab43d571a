/**
 * A campaign's contacts are CRM contacts (issue 23): each uploaded number finds the project's CRM contact with
 * that number (the CRM's own lookup: E.164, most recently active first) or creates one, and the campaign's row
 * keeps the link. So the live page links to the contact, the call lands on its timeline, and the flow's Find
 * contact finds it. Done per chunk of the upload in one statement: a 100,000-line list must not cost 100,000
 * round trips.
 */
import { normalizePhone } from '../../lib/crm/phone.ts';
import { searchTextOf } from '../crm/contact-values.ts';
import { db, type Db } from '../db.ts';

export interface LinkRow {
  /** As stored in the campaign (E.164 already). */
  phone: string;
  name: string;
}

/**
 * The CRM contact of each number, by the campaign's number: found, or created (source `campaign`, with the
 * row's name). A number the CRM would not accept gets none (the campaign's parser is stricter, so this does
 * not happen in practice). The campaign's rows are written with the link, so nothing is updated afterwards.
 */
export async function crmContactsFor(
  projectId: string,
  chunk: LinkRow[],
  client: Db = db(),
): Promise<{ ids: Map<string, string>; created: number }> {
  const rows: { phone: string; crm: string; name: string; search: string }[] = [];
  for (const c of chunk) {
    const crm = normalizePhone(c.phone);
    if (!crm) continue;
    rows.push({
      phone: c.phone,
      crm,
      name: c.name,
      search: searchTextOf({ name: c.name, company: '', emails: [], phones: [crm], tags: [] }),
    });
  }
  if (!rows.length) return { ids: new Map(), created: 0 };
  const phones = [...new Set(rows.map((r) => r.crm))];
  // Per number, the CRM's own lookup (`phones @> ARRAY[…]` on the GIN index, most recently active first),
  // so duplicates go to the contact a call would find. The project is compared as text on purpose: with
  // the plain column the planner walks the project's every contact for each number (seconds per chunk);
  // this way it probes the phones index and checks the project on the one or two rows found.
  const links = await client.$queryRaw<{ phone: string; id: string; made: boolean }[]>`
    WITH found AS (
      SELECT w.phone, f.id
        FROM unnest(${phones}::text[]) AS w(phone)
        CROSS JOIN LATERAL (
          SELECT c.id FROM crm_contacts c
           WHERE c.phones @> ARRAY[w.phone] AND c."projectId"::text = ${projectId}
           ORDER BY c."lastActivityAt" DESC NULLS LAST, c."createdAt"
           LIMIT 1
        ) f
    ),
    missing AS (
      SELECT DISTINCT ON (x.crm) x.crm, x.name, x.search
        FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(phone text, crm text, name text, search text)
        LEFT JOIN found f ON f.phone = x.crm
       WHERE f.phone IS NULL
    ),
    made AS (
      INSERT INTO crm_contacts (id, "projectId", name, phones, source, "searchText", "updatedAt")
      SELECT gen_random_uuid(), ${projectId}::uuid, m.name, ARRAY[m.crm], 'campaign', m.search, now()
        FROM missing m
      RETURNING id, phones[1] AS phone
    )
    SELECT phone, id::text AS id, false AS made FROM found
    UNION ALL SELECT phone, id::text, true FROM made`;
  const byCrm = new Map(links.map((l) => [l.phone, l.id]));
  const ids = new Map<string, string>();
  for (const r of rows) {
    const id = byCrm.get(r.crm);
    if (id) ids.set(r.phone, id);
  }
  return { ids, created: links.filter((l) => l.made).length };
}
