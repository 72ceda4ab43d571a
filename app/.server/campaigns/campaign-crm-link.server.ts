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
 * Links the campaign's rows for these numbers that have no CRM contact yet. Answers how many CRM contacts it
 * had to create. A number the CRM would not accept is left unlinked (the campaign's parser is stricter, so
 * this does not happen in practice).
 */
export async function linkCampaignContactsToCrm(
  projectId: string,
  campaignId: string,
  chunk: LinkRow[],
  client: Db = db(),
): Promise<number> {
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
  if (!rows.length) return 0;
  const phones = [...new Set(rows.map((r) => r.crm))];
  // `phones && $list` is one GIN scan for the whole chunk; unnest picks which of the list each row matched.
  // The same number in two CRM contacts (duplicates are allowed) goes to the one a call would find.
  const created = await client.$queryRaw<{ created: bigint }[]>`
    WITH r AS (
      SELECT DISTINCT ON (x.phone) x.phone, x.crm, x.name, x.search
        FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(phone text, crm text, name text, search text)
        JOIN campaign_contacts cc ON cc."campaignId" = ${campaignId}::uuid AND cc.phone = x.phone
       WHERE cc."crmContactId" IS NULL
    ),
    found AS (
      SELECT DISTINCT ON (p.phone) p.phone, c.id
        FROM crm_contacts c CROSS JOIN LATERAL unnest(c.phones) AS p(phone)
       WHERE c."projectId" = ${projectId}::uuid AND c.phones && ${phones}::text[] AND p.phone = ANY(${phones}::text[])
       ORDER BY p.phone, c."lastActivityAt" DESC NULLS LAST, c."createdAt", c.id
    ),
    missing AS (
      SELECT DISTINCT ON (r.crm) r.crm, r.name, r.search FROM r
       WHERE NOT EXISTS (SELECT 1 FROM found f WHERE f.phone = r.crm)
    ),
    made AS (
      INSERT INTO crm_contacts (id, "projectId", name, phones, source, "searchText", "updatedAt")
      SELECT gen_random_uuid(), ${projectId}::uuid, m.name, ARRAY[m.crm], 'campaign', m.search, now()
        FROM missing m
      RETURNING id, phones[1] AS phone
    ),
    links AS (SELECT phone, id FROM found UNION ALL SELECT phone, id FROM made),
    linked AS (
      UPDATE campaign_contacts cc SET "crmContactId" = l.id
        FROM r JOIN links l ON l.phone = r.crm
       WHERE cc."campaignId" = ${campaignId}::uuid AND cc.phone = r.phone
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM made) AS created, (SELECT count(*) FROM linked) AS linked`;
  return Number(created[0]?.created ?? 0);
}
