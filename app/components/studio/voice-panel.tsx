import { Link } from '@remix-run/react';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { api, apiResponse } from '~/components/api/api-client';
import {
  catalogSchema,
  providerListSchema,
  type CatalogItem,
  type ProviderItem,
  type VoiceOptionItem,
} from '~/components/providers/provider-types';
import { Button } from '~/components/ui/button';
import { useT } from '~/i18n';
import type { SpeechSettings } from '#flow-runtime/editor';
import { useStudio, useStudioStore } from './studio-context';

const control =
  'h-8 w-full min-w-0 rounded-control border border-border bg-surface px-2 text-[13px] disabled:opacity-60';

type Speech = { [K in keyof SpeechSettings]?: Partial<SpeechSettings[K]> };
type Stage = keyof Speech;

interface Saved {
  schemaVersion?: number;
  settings?: { language?: string; speech?: Speech };
}

/** The greeting to preview: the first Say after Start, else any Say, else a sample. */
function greetingOf(
  nodes: { id: string; type?: string; data: Record<string, unknown> }[],
  edges: { source: string; target: string }[],
  language: string,
): string {
  const start = nodes.find((n) => n.type === 'start');
  const next = start ? edges.find((e) => e.source === start.id)?.target : undefined;
  const say = nodes.find((n) => n.id === next && n.type === 'say') ?? nodes.find((n) => n.type === 'say');
  const text = say?.data.text;
  if (typeof text === 'string' && text.trim()) return text.trim().slice(0, 400);
  return language === 'en'
    ? 'Hello! You are speaking with our assistant. How can I help?'
    : 'Здравствуйте! Вы говорите с нашим помощником. Чем могу помочь?';
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <label className="block space-y-1 text-xs text-fg-muted">
      <span>{label}</span>
      {children}
    </label>
  );
}

/**
 * The agent's thinking, hearing and voice (issue 16): provider accounts of the project, model settings,
 * recognition language and hints, voice and speed with a preview of the greeting. Saved in the flow's
 * settings, so a published version keeps its voice.
 */
export function VoicePanel({ projectId }: { projectId: string }) {
  const t = useT();
  const store = useStudioStore();
  const readOnly = useStudio((s) => s.readOnly);
  const meta = useStudio((s) => s.meta) as Saved;
  const nodes = useStudio((s) => s.nodes);
  const edges = useStudio((s) => s.edges);
  const speech: Speech = meta.settings?.speech ?? {};
  const language = meta.settings?.language === 'en' ? 'en' : 'ru';
  const [providers, setProviders] = useState<ProviderItem[] | null>(null);
  const [embedded, setEmbedded] = useState<VoiceOptionItem[]>([]);
  const [catalogs, setCatalogs] = useState<Record<string, CatalogItem>>({});
  const [previewing, setPreviewing] = useState(false);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const audio = useRef<HTMLAudioElement | null>(null);

  useEffect(() => {
    void api(`/api/v1/projects/${projectId}/providers`, { schema: providerListSchema }).then((answer) => {
      if (!answer.ok) return setProviders([]);
      setProviders(answer.data.providers);
      setEmbedded(answer.data.embedded.voices);
    });
  }, [projectId]);

  const catalogFor = (id: string | undefined) => (id ? catalogs[id] : undefined);
  useEffect(() => {
    for (const id of [speech.llm?.providerId, speech.recognizer?.providerId, speech.voice?.providerId]) {
      if (!id || id === 'embedded' || catalogs[id]) continue;
      void api(`/api/v1/projects/${projectId}/providers/${id}/catalog`, { schema: catalogSchema }).then(
        (answer) => answer.ok && setCatalogs((c) => ({ ...c, [id]: answer.data })),
      );
    }
  }, [projectId, speech.llm?.providerId, speech.recognizer?.providerId, speech.voice?.providerId, catalogs]);

  const write = <S extends Stage>(stage: S, patch: Partial<NonNullable<Speech[S]>>) => {
    const current = (store.getState().meta as Saved).settings ?? {};
    const stageNow = { ...(current.speech?.[stage] ?? {}), ...patch } as Record<string, unknown>;
    // Saved options keep only what the user set: an emptied field goes away.
    for (const [key, value] of Object.entries(stageNow))
      if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0))
        delete stageNow[key];
    const nextSpeech = { ...(current.speech ?? {}), [stage]: stageNow };
    store.getState().updateMeta({ settings: { ...current, speech: nextSpeech } as never });
  };

  const accounts = (capability: 'llm' | 'stt' | 'tts') =>
    (providers ?? []).filter((p) => p.capabilities.includes(capability) && p.enabled);
  const providerSelect = (
    stage: Stage,
    capability: 'llm' | 'stt' | 'tts',
    value: string | undefined,
    onChange: (id: string | undefined) => void,
    extra?: ReactNode,
  ) => (
    <select
      value={value ?? ''}
      disabled={readOnly}
      onChange={(e) => onChange(e.target.value || undefined)}
      className={control}
      data-testid={`speech-${stage}-provider`}
    >
      <option value="">{t('providers.voice.default')}</option>
      {extra}
      {accounts(capability).map((p) => (
        <option key={p.id} value={p.id}>
          {p.name}
        </option>
      ))}
    </select>
  );

  const voiceOptions: VoiceOptionItem[] =
    speech.voice?.providerId === 'embedded' ? embedded : (catalogFor(speech.voice?.providerId)?.voices ?? []);

  const preview = async () => {
    setPreviewing(true);
    setPreviewError(null);
    const answer = await apiResponse(`/api/v1/projects/${projectId}/voice-preview`, {
      method: 'POST',
      json: {
        providerId: speech.voice?.providerId ?? 'embedded',
        ...(speech.voice?.voice ? { voice: speech.voice.voice } : {}),
        ...(speech.voice?.speed ? { speed: speech.voice.speed } : {}),
        language,
        text: greetingOf(nodes, edges, language),
      },
    });
    if (!answer.ok) {
      setPreviewing(false);
      setPreviewError(
        answer.error.code === 'media_server_unavailable'
          ? t('providers.voice.previewUnavailable')
          : t('providers.voice.previewFailed', { reason: answer.error.message }),
      );
      return;
    }
    const blob = await answer.response.blob();
    const player = audio.current ?? new Audio();
    audio.current = player;
    player.src = URL.createObjectURL(blob);
    player.dataset.provider = answer.response.headers.get('x-voice-provider') ?? '';
    player.onended = () => setPreviewing(false);
    try {
      await player.play();
    } catch {
      setPreviewing(false);
    }
  };

  return (
    <div className="space-y-5 p-3 text-sm" data-testid="voice-panel">
      <p className="text-xs text-fg-muted">{t('providers.voice.intro')}</p>

      <section className="space-y-2">
        <h3 className="font-medium text-fg">{t('providers.voice.llm')}</h3>
        <Field label={t('providers.voice.provider')}>
          {providerSelect('llm', 'llm', speech.llm?.providerId, (providerId) =>
            write('llm', { providerId, model: undefined }),
          )}
        </Field>
        <Field label={t('providers.voice.model')}>
          <input
            list="speech-llm-models"
            value={speech.llm?.model ?? ''}
            disabled={readOnly}
            onChange={(e) => write('llm', { model: e.target.value || undefined })}
            className={control}
            data-testid="speech-llm-model"
          />
        </Field>
        <datalist id="speech-llm-models">
          {(catalogFor(speech.llm?.providerId)?.models.llm ?? []).map((m) => (
            <option key={m} value={m} />
          ))}
        </datalist>
        <div className="grid grid-cols-2 gap-2">
          <Field label={t('providers.voice.temperature')}>
            <input
              type="number"
              min={0}
              max={2}
              step={0.1}
              value={speech.llm?.temperature ?? ''}
              disabled={readOnly}
              onChange={(e) =>
                write('llm', { temperature: e.target.value === '' ? undefined : Number(e.target.value) })
              }
              className={control}
            />
          </Field>
          <Field label={t('providers.voice.maxTokens')}>
            <input
              type="number"
              min={1}
              step={1}
              value={speech.llm?.maxTokens ?? ''}
              disabled={readOnly}
              onChange={(e) =>
                write('llm', { maxTokens: e.target.value === '' ? undefined : Number(e.target.value) })
              }
              className={control}
            />
          </Field>
        </div>
      </section>

      <section className="space-y-2">
        <h3 className="font-medium text-fg">{t('providers.voice.recognizer')}</h3>
        <Field label={t('providers.voice.provider')}>
          {providerSelect('recognizer', 'stt', speech.recognizer?.providerId, (providerId) =>
            write('recognizer', { providerId, model: undefined }),
          )}
        </Field>
        <div className="grid grid-cols-2 gap-2">
          <Field label={t('providers.voice.language')}>
            <select
              value={speech.recognizer?.language ?? ''}
              disabled={readOnly}
              onChange={(e) => write('recognizer', { language: e.target.value || undefined })}
              className={control}
              data-testid="speech-recognizer-language"
            >
              <option value="">{t('providers.voice.languageFlow')}</option>
              <option value="ru-RU">Русский (ru-RU)</option>
              <option value="en-US">English (en-US)</option>
            </select>
          </Field>
          <Field label={t('providers.voice.model')}>
            <input
              list="speech-stt-models"
              value={speech.recognizer?.model ?? ''}
              disabled={readOnly}
              onChange={(e) => write('recognizer', { model: e.target.value || undefined })}
              className={control}
            />
          </Field>
        </div>
        <datalist id="speech-stt-models">
          {(catalogFor(speech.recognizer?.providerId)?.models.stt ?? []).map((m) => (
            <option key={m} value={m} />
          ))}
        </datalist>
        <Field label={t('providers.voice.hints')}>
          <textarea
            rows={3}
            value={(speech.recognizer?.hints ?? []).join('\n')}
            disabled={readOnly}
            onChange={(e) =>
              write('recognizer', {
                hints: e.target.value
                  .split('\n')
                  .map((h) => h.trim())
                  .filter(Boolean),
              })
            }
            className={`${control} h-auto py-1`}
          />
        </Field>
        <p className="text-xs text-fg-subtle">{t('providers.voice.hintsHint')}</p>
        <Field label={t('providers.voice.fallback')}>
          <select
            value={speech.recognizer?.fallbackProviderId ?? ''}
            disabled={readOnly}
            onChange={(e) => write('recognizer', { fallbackProviderId: e.target.value || undefined })}
            className={control}
            data-testid="speech-recognizer-fallback"
          >
            <option value="">{t('providers.voice.fallbackDefault')}</option>
            {accounts('stt')
              .filter((p) => p.id !== speech.recognizer?.providerId)
              .map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
          </select>
        </Field>
      </section>

      <section className="space-y-2">
        <h3 className="font-medium text-fg">{t('providers.voice.voiceSection')}</h3>
        <Field label={t('providers.voice.provider')}>
          {providerSelect(
            'voice',
            'tts',
            speech.voice?.providerId,
            (providerId) => write('voice', { providerId, voice: undefined }),
            <option value="embedded">{t('providers.voice.embedded')}</option>,
          )}
        </Field>
        <div className="grid grid-cols-2 gap-2">
          <Field label={t('providers.voice.voice')}>
            <select
              value={speech.voice?.voice ?? ''}
              disabled={readOnly || voiceOptions.length === 0}
              onChange={(e) => write('voice', { voice: e.target.value || undefined })}
              className={control}
              data-testid="speech-voice-voice"
            >
              <option value="">{t('providers.voice.voiceDefault')}</option>
              {voiceOptions.map((v) => (
                <option key={v.id} value={v.id}>
                  {v.label}
                  {v.language ? ` (${v.language})` : ''}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('providers.voice.speed')}>
            <input
              type="number"
              min={0.5}
              max={2}
              step={0.1}
              value={speech.voice?.speed ?? ''}
              disabled={readOnly}
              onChange={(e) =>
                write('voice', { speed: e.target.value === '' ? undefined : Number(e.target.value) })
              }
              className={control}
            />
          </Field>
        </div>
        <Field label={t('providers.voice.fallback')}>
          <select
            value={speech.voice?.fallbackProviderId ?? ''}
            disabled={readOnly}
            onChange={(e) => write('voice', { fallbackProviderId: e.target.value || undefined })}
            className={control}
            data-testid="speech-voice-fallback"
          >
            <option value="">{t('providers.voice.fallbackEmbedded')}</option>
            {accounts('tts').map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </Field>
        <Button
          size="sm"
          variant="secondary"
          onClick={() => void preview()}
          loading={previewing}
          data-testid="voice-preview"
        >
          {previewing ? t('providers.voice.previewing') : t('providers.voice.preview')}
        </Button>
        {previewError ? (
          <p className="text-xs text-danger" role="alert">
            {previewError}
          </p>
        ) : null}
      </section>

      {providers !== null && providers.length === 0 ? (
        <p className="text-xs text-fg-muted">{t('providers.voice.noProviders')}</p>
      ) : null}
      <Link to={`/p/${projectId}/settings/providers`} className="block text-xs text-brand hover:underline">
        {t('providers.voice.manage')} →
      </Link>
    </div>
  );
}
