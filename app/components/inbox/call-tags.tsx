import { useFetcher } from '@remix-run/react';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useT } from '~/i18n';
import { failureMessage, fieldMessage, isFailure, type FormFailureData } from '../forms/form-messages';
import { MAX_TAGS_PER_CALL, normalizeTag, tagProblem } from '~/lib/calls/tag-values';
import { CloseIcon, PlusIcon } from '../icons';
import { Button } from '../ui/button';
import { Input } from '../ui/input';

type Problem = 'empty' | 'too_long' | 'comma' | 'too_many';

export interface CallTagsProps {
  tags: readonly string[];
  /** The project's tags to suggest while typing, or null when the user may only read them. */
  vocabulary: readonly string[] | null;
}

/**
 * A call's tags as chips. Reviewers add one by typing (the project's tags are suggested) and remove one
 * with its ×; the change shows at once and is saved through the call page's action.
 */
export function CallTags({ tags, vocabulary }: CallTagsProps) {
  const t = useT();
  const fetcher = useFetcher<{ ok: true; intent: string } | FormFailureData>();
  const listId = useId();
  const [draft, setDraft] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const pending = fetcher.formData?.get('tags');
  const shown: readonly string[] = typeof pending === 'string' ? (JSON.parse(pending) as string[]) : tags;
  const failure = fetcher.state === 'idle' && isFailure(fetcher.data) ? fetcher.data : undefined;
  const firstField = failure ? Object.keys(failure.fields)[0] : undefined;
  const serverError = failure
    ? ((firstField && fieldMessage(t, failure, firstField)) ?? failureMessage(t, failure))
    : undefined;

  useEffect(() => {
    if (fetcher.state === 'idle' && fetcher.data?.ok === true && fetcher.data.intent === 'tags') setDraft('');
  }, [fetcher.state, fetcher.data]);

  const save = (next: readonly string[]) =>
    fetcher.submit({ intent: 'tags', tags: JSON.stringify(next) }, { method: 'post' });

  const add = (e: FormEvent) => {
    e.preventDefault();
    const tag = normalizeTag(draft);
    const found = tagProblem(tag) ?? (shown.length >= MAX_TAGS_PER_CALL ? 'too_many' : null);
    setProblem(found);
    if (found) return;
    if (shown.includes(tag)) return setDraft('');
    save([...shown, tag]);
  };

  return (
    <div className="flex flex-wrap items-center gap-1.5" data-testid="call-tags">
      <span className="text-xs text-fg-subtle">{t('inbox.tags.title')}:</span>
      {shown.length === 0 && <span className="text-xs text-fg-subtle">{t('inbox.tags.none')}</span>}
      {shown.map((tag) => (
        <span
          key={tag}
          className="inline-flex items-center gap-0.5 rounded-full bg-brand-subtle py-0.5 pr-1 pl-2 text-xs text-fg"
          data-testid="call-tag"
        >
          {tag}
          {vocabulary && (
            <button
              type="button"
              className="rounded-full p-0.5 text-fg-subtle hover:text-fg"
              aria-label={t('inbox.tags.remove', { tag })}
              onClick={() => save(shown.filter((x) => x !== tag))}
            >
              <CloseIcon size={12} />
            </button>
          )}
        </span>
      ))}
      {vocabulary && (
        <form onSubmit={add} className="flex items-center gap-1">
          <Input
            value={draft}
            onChange={(e) => {
              setDraft(e.target.value);
              setProblem(null);
            }}
            list={listId}
            placeholder={t('inbox.tags.placeholder')}
            aria-label={t('inbox.tags.add')}
            aria-invalid={problem !== null || serverError !== undefined}
            maxLength={60}
            className="h-7 w-36 text-xs"
          />
          <datalist id={listId}>
            {vocabulary
              .filter((tag) => !shown.includes(tag))
              .map((tag) => (
                <option key={tag} value={tag} />
              ))}
          </datalist>
          <Button type="submit" size="sm" variant="ghost" aria-label={t('inbox.tags.add')}>
            <PlusIcon size={14} />
          </Button>
        </form>
      )}
      {(problem || serverError) && (
        <span role="alert" className="text-xs text-danger">
          {problem ? t(`inbox.tags.problems.${problem}`) : serverError}
        </span>
      )}
    </div>
  );
}
