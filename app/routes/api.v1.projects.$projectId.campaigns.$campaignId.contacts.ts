import { apiError, unstorableInput } from '~/.server/api/api-error';
import { BodyTooLargeError, MalformedBodyError, readFormBody } from '~/.server/api/request-body';
import { isStorableText, UNSTORABLE_MESSAGE } from '~/.server/api/storable-text';
import {
  contactQuery,
  importContacts,
  jsonContactsInput,
  listContacts,
  MAX_UPLOAD_BYTES,
  tableFromUpload,
  uploadMapping,
} from '~/.server/campaigns/campaign-contacts.server';
import { looksLikeXlsx, parseXlsx, XlsxRefused } from '~/.server/campaigns/xlsx-table';
import { unstorableFormFields } from '~/.server/forms/read-form';
import { jsonBody, projectApiAction, projectApiLoader, queryInput } from '~/.server/http/api-route';
import { MISSING } from '~/.server/http/missing';

const ids = { campaignId: MISSING.campaign };

/** Contacts with their attempts, `?status=` to filter, `?cursor=` to page. */
export const loader = projectApiLoader(
  { permission: 'campaigns.read', ids },
  async ({ request, access, ids }) =>
    Response.json(await listContacts(access.projectId, ids.campaignId, queryInput(request, contactQuery))),
);

/**
 * POST a list: multipart/form-data with `file` (CSV or an Excel .xlsx) and optional `mapping` (JSON) and `dryRun`, or JSON
 * `{contacts: [{phone, …}], mapping?, dryRun?}`. A dry run answers the preview and the bad rows only.
 */
export const action = projectApiAction(
  { permission: 'campaigns.manage', ids },
  {
    POST: async ({ request, ctx, ids }) => {
      if ((request.headers.get('content-type') ?? '').startsWith('multipart/form-data')) {
        let form: FormData;
        try {
          form = await readFormBody(request, MAX_UPLOAD_BYTES + 64 * 1024);
        } catch (e) {
          if (e instanceof BodyTooLargeError)
            return apiError(413, 'file_too_large', `Lists up to ${MAX_UPLOAD_BYTES / 1024 / 1024} MB.`);
          if (e instanceof MalformedBodyError) return apiError(400, 'malformed_form', e.message);
          throw e;
        }
        // Text Postgres cannot store is refused here, as jsonBody does for JSON (issue 14): it used to 500.
        const unstorable = unstorableFormFields(form);
        if (Object.keys(unstorable).length > 0) return unstorableInput(unstorable);
        const file = form.get('file');
        if (!(file instanceof File))
          return apiError(400, 'validation_failed', 'Attach the list as the `file` field.', {
            fields: { file: ['Choose a file'] },
          });
        const mapping = uploadMapping(form.get('mapping'));
        if (mapping instanceof Response) return mapping;
        const bytes = Buffer.from(await file.arrayBuffer());
        const table = looksLikeXlsx(bytes)
          ? await xlsxTable(bytes)
          : csvTable(new TextDecoder().decode(bytes));
        if (table instanceof Response) return table;
        const dryRun = form.get('dryRun') === 'true';
        return Response.json(await importContacts(ctx, ids.campaignId, table, { mapping, dryRun }), {
          status: dryRun ? 200 : 201,
        });
      }
      const input = await jsonBody(request, jsonContactsInput, MAX_UPLOAD_BYTES);
      const table =
        input.csv !== undefined
          ? tableFromUpload('csv', input.csv)
          : tableFromUpload('json', input.contacts ?? []);
      return Response.json(
        await importContacts(ctx, ids.campaignId, table, { mapping: input.mapping, dryRun: input.dryRun }),
        { status: input.dryRun ? 200 : 201 },
      );
    },
  },
);

function csvTable(text: string) {
  if (!isStorableText(text)) return unstorableInput({ file: [UNSTORABLE_MESSAGE] });
  return tableFromUpload('csv', text);
}

/** The first sheet of a workbook; a cell Postgres cannot store is refused as in a CSV. */
async function xlsxTable(bytes: Buffer) {
  try {
    const table = await parseXlsx(bytes);
    const cells = [...table.columns, ...table.rows.flat()];
    if (!cells.every(isStorableText)) return unstorableInput({ file: [UNSTORABLE_MESSAGE] });
    return table;
  } catch (e) {
    if (!(e instanceof XlsxRefused)) throw e;
    return apiError(e.code === 'not_xlsx' ? 400 : 413, e.code, e.message, {
      fields: { file: [e.message] },
    });
  }
}
