import { useNavigate, useRevalidator } from '@remix-run/react';
import { useRef, useState } from 'react';
import { z } from 'zod';
import { api } from '~/components/api/api-client';
import { Button } from '~/components/ui/button';
import { ConfirmDialog } from '~/components/ui/confirm-dialog';
import { Dialog, DialogClose } from '~/components/ui/dialog';
import { FormField } from '~/components/ui/form-field';
import { Input } from '~/components/ui/input';
import { useToast } from '~/components/ui/use-toast';
import { useT } from '~/i18n';

const created = z.object({ id: z.string(), name: z.string() });

/** Rename, duplicate, export and delete one agent, under its card. */
export function AgentActions({
  projectId,
  agent,
}: {
  projectId: string;
  agent: { id: string; name: string };
}) {
  const t = useT();
  const { toast } = useToast();
  const revalidator = useRevalidator();
  const [name, setName] = useState(agent.name);
  const [error, setError] = useState<string | null>(null);
  const [renaming, setRenaming] = useState(false);
  const base = `/api/v1/projects/${projectId}/agents/${agent.id}` as const;

  const rename = async () => {
    const answer = await api(base, { method: 'PATCH', json: { name } });
    if (!answer.ok) return setError(answer.error.fields.name?.[0] ?? answer.error.message);
    setRenaming(false);
    revalidator.revalidate();
  };
  const duplicate = async () => {
    const answer = await api(`${base}/duplicate`, {
      method: 'POST',
      json: { suffix: t('newUser.agents.copySuffix') },
      schema: created,
    });
    if (!answer.ok) return toast({ title: answer.error.message, variant: 'error' });
    toast({ title: t('newUser.agents.duplicated', { name: answer.data.name }), variant: 'success' });
    revalidator.revalidate();
  };
  const remove = async () => {
    const answer = await api(base, { method: 'DELETE' });
    if (!answer.ok) return toast({ title: answer.error.message, variant: 'error' });
    toast({ title: t('newUser.agents.deleted', { name: agent.name }), variant: 'success' });
    revalidator.revalidate();
  };

  return (
    <div className="flex flex-wrap gap-1" data-testid={`agent-actions-${agent.name}`}>
      <Dialog
        open={renaming}
        onOpenChange={(open) => {
          setRenaming(open);
          setName(agent.name);
          setError(null);
        }}
        size="sm"
        title={t('newUser.agents.renameTitle')}
        trigger={
          <Button size="sm" variant="ghost">
            {t('newUser.agents.rename')}
          </Button>
        }
        footer={
          <>
            <DialogClose asChild>
              <Button variant="secondary">{t('common.cancel')}</Button>
            </DialogClose>
            <Button type="submit" form={`rename-${agent.id}`}>
              {t('common.save')}
            </Button>
          </>
        }
      >
        <form
          id={`rename-${agent.id}`}
          onSubmit={(e) => {
            e.preventDefault();
            void rename();
          }}
        >
          <FormField label={t('agents.name')} error={error ?? undefined}>
            <Input value={name} onChange={(e) => setName(e.target.value)} maxLength={100} />
          </FormField>
        </form>
      </Dialog>
      <Button size="sm" variant="ghost" onClick={() => void duplicate()}>
        {t('newUser.agents.duplicate')}
      </Button>
      <Button size="sm" variant="ghost" asChild>
        <a href={`${base}/export`} download>
          {t('newUser.agents.export')}
        </a>
      </Button>
      <ConfirmDialog
        title={t('newUser.agents.deleteTitle', { name: agent.name })}
        description={t('newUser.agents.deleteText')}
        trigger={
          <Button size="sm" variant="ghost">
            {t('newUser.agents.delete')}
          </Button>
        }
        confirmLabel={t('newUser.agents.delete')}
        onConfirm={() => void remove()}
      />
    </div>
  );
}

/** Import an exported agent file: the new agent opens in the studio. */
export function ImportAgentButton({ projectId }: { projectId: string }) {
  const t = useT();
  const { toast } = useToast();
  const navigate = useNavigate();
  const input = useRef<HTMLInputElement>(null);
  const load = async (file: File) => {
    let json: unknown;
    try {
      json = JSON.parse(await file.text());
    } catch {
      return toast({ title: t('newUser.agents.importNotJson'), variant: 'error' });
    }
    const answer = await api(`/api/v1/projects/${projectId}/agents/import`, {
      method: 'POST',
      json,
      schema: created,
    });
    if (!answer.ok)
      return toast({
        title: t('newUser.agents.importFailed'),
        description: answer.error.message,
        variant: 'error',
      });
    navigate(`/p/${projectId}/agents/${answer.data.id}`);
  };
  return (
    <>
      <input
        ref={input}
        type="file"
        accept="application/json,.json"
        className="sr-only"
        aria-label={t('newUser.agents.import')}
        data-testid="import-agent-file"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void load(file);
        }}
      />
      <Button variant="secondary" onClick={() => input.current?.click()}>
        {t('newUser.agents.import')}
      </Button>
    </>
  );
}
