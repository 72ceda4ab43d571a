import { expect, test } from '@playwright/test';
import { builderBearer, demoReceptionist } from './support/demo-api';
import { signedInPage } from './support/ui';

// Issue 18 item 10: a knowledge base could be neither renamed nor deleted from its page, and nothing said which
// agents use it. Now its page names them; it is renamed in place; deleting one in use is refused with the
// reason, and once no agent uses it, it is deleted after a confirmation.
const copy = {
  en: {
    usedBy: 'Used by:',
    rename: 'Rename',
    name: 'Name',
    save: 'Save',
    edit: 'Edit',
    question: 'Question',
    answer: 'Answer',
    remove: 'Delete knowledge base',
    inUse: 'An agent uses it',
    unused: 'No agent uses this knowledge base yet.',
  },
  ru: {
    usedBy: 'Используют:',
    rename: 'Переименовать',
    name: 'Название',
    save: 'Сохранить',
    edit: 'Изменить',
    question: 'Вопрос',
    answer: 'Ответ',
    remove: 'Удалить базу знаний',
    inUse: 'Её использует 1 агент',
    unused: 'Эту базу знаний пока не использует ни один агент.',
  },
} as const;

for (const locale of ['en', 'ru'] as const) {
  const c = copy[locale];
  test(`${locale}: a knowledge base shows the agents using it, is renamed, and is deleted only when unused`, async ({
    browser,
    request,
  }) => {
    const auth = await builderBearer(request);
    const { projectId } = await demoReceptionist(request, auth);
    const base = `/api/v1/projects/${projectId}`;
    const stamp = `${locale}${Date.now()}`;
    const kb = (await (
      await request.post(`${base}/knowledge-bases`, { headers: auth, data: { name: `Prices ${stamp}` } })
    ).json()) as { id: string };
    const agentName = `Support ${stamp}`;
    const agent = (await (
      await request.post(`${base}/agents`, {
        headers: auth,
        data: { name: agentName, language: locale, template: 'inbound-support' },
      })
    ).json()) as { id: string };
    const draftUrl = `${base}/agents/${agent.id}/draft`;
    const draft = (await (await request.get(draftUrl, { headers: auth })).json()) as {
      graph: { nodes: { id: string; data: Record<string, unknown> }[] };
      revision: number;
    };
    const answer = draft.graph.nodes.find((n) => n.id === 'answer')!;
    const before = answer.data.knowledgeBaseIds;
    answer.data.knowledgeBaseIds = [kb.id];
    const saved = (await (
      await request.put(draftUrl, { headers: auth, data: { graph: draft.graph, revision: draft.revision } })
    ).json()) as { revision: number };

    const page = await signedInPage(browser, locale, 'builder@demo.local');
    await page.goto(`/p/${projectId}/knowledge/${kb.id}`);
    const manage = page.getByTestId('kb-manage');
    await expect(manage.getByTestId('kb-used-by')).toContainText(c.usedBy);
    await expect(manage.getByRole('link', { name: agentName })).toHaveAttribute(
      'href',
      `/p/${projectId}/agents/${agent.id}`,
    );
    // In use: deleting is off, and says why.
    await expect(manage.getByRole('button', { name: c.remove })).toBeDisabled();
    await expect(manage).toContainText(c.inUse);
    // The API refuses it too.
    const refused = await request.delete(`${base}/knowledge-bases/${kb.id}`, { headers: auth });
    expect(refused.status()).toBe(409);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('knowledge_base_in_use');

    const dialog = page.getByRole('dialog');
    // A Q&A entry is edited in place and searchable with its new answer at once.
    const qa = `${base}/knowledge-bases/${kb.id}/sources`;
    const added = await request.post(qa, {
      headers: auth,
      data: { kind: 'qa', question: `Parking ${stamp}?`, answer: 'There is no parking.' },
    });
    expect(added.status()).toBe(201);
    await page.reload();
    const row = page.getByTestId(`source-Parking ${stamp}?`);
    await expect(async () => {
      await row.getByRole('button', { name: c.edit }).click();
      await expect(dialog).toBeVisible({ timeout: 1_000 });
    }).toPass();
    await expect(dialog.getByLabel(c.question)).toHaveValue(`Parking ${stamp}?`);
    await dialog.getByLabel(c.answer).fill('Free parking behind the clinic, zebrafinch gate.');
    await dialog.getByRole('button', { name: c.save }).click();
    await expect(dialog).toBeHidden();
    await expect(row).toContainText('zebrafinch gate');
    const search = await request.post(`${base}/knowledge-bases/search`, {
      headers: auth,
      data: { query: 'zebrafinch gate parking', knowledgeBaseIds: [kb.id] },
    });
    const hits = ((await search.json()) as { hits: { text: string }[] }).hits;
    expect(hits.map((h) => h.text).join('\n')).toContain('zebrafinch');
    expect(hits.map((h) => h.text).join('\n')).not.toContain('There is no parking');

    await expect(async () => {
      await manage.getByRole('button', { name: c.rename }).click();
      await expect(dialog).toBeVisible({ timeout: 1_000 });
    }).toPass();
    await dialog.getByLabel(c.name).fill(`Price list ${stamp}`);
    await dialog.getByRole('button', { name: c.save }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Price list ${stamp}`);

    // Once the agent no longer uses it, it can go.
    answer.data.knowledgeBaseIds = before ?? [];
    await request.put(draftUrl, { headers: auth, data: { graph: draft.graph, revision: saved.revision } });
    await page.reload();
    await expect(manage.getByTestId('kb-used-by')).toHaveText(c.unused);
    // Clicked until the dialog opens: a click before the reloaded page hydrates does nothing.
    await expect(async () => {
      await manage.getByRole('button', { name: c.remove }).click();
      await expect(page.getByRole('dialog')).toBeVisible({ timeout: 1_000 });
    }).toPass();
    await page.getByRole('dialog').getByRole('button', { name: c.remove }).click();
    await expect(page).toHaveURL(new RegExp(`/p/${projectId}/knowledge$`));
    await expect(page.getByText(`Price list ${stamp}`)).toHaveCount(0);
  });
}
