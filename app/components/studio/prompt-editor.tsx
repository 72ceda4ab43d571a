import { useId, useRef, useState, type KeyboardEvent } from 'react';
import { useT } from '~/i18n';
import { cn } from '../ui/cn';

interface PromptEditorProps {
  id?: string;
  value: string;
  onChange: (value: string) => void;
  variables: readonly string[];
  disabled?: boolean;
  invalid?: boolean;
  placeholder?: string;
  rows?: number;
}

const OPEN = /\{\{\s*([A-Za-z0-9_.]*)$/;

/** A textarea that offers the flow's variables after `{{`, inserting `{{name}}` on Enter or Tab. */
export function PromptEditor({
  id,
  value,
  onChange,
  variables,
  disabled,
  invalid,
  placeholder,
  rows = 3,
}: PromptEditorProps) {
  const t = useT();
  const listId = useId();
  const ref = useRef<HTMLTextAreaElement>(null);
  const [query, setQuery] = useState<string | null>(null);
  const [index, setIndex] = useState(0);
  const matches =
    query === null
      ? []
      : variables.filter((v) => v.toLowerCase().startsWith(query.toLowerCase())).slice(0, 8);

  const track = (text: string, caret: number) => {
    const open = OPEN.exec(text.slice(0, caret));
    setQuery(open ? (open[1] ?? '') : null);
    setIndex(0);
  };

  const insert = (name: string) => {
    const el = ref.current;
    if (!el) return;
    const caret = el.selectionStart;
    const before = value.slice(0, caret).replace(OPEN, `{{${name}}}`);
    const after = value.slice(caret).replace(/^[A-Za-z0-9_.]*\}\}/, '');
    onChange(before + after);
    setQuery(null);
    requestAnimationFrame(() => {
      el.focus();
      el.setSelectionRange(before.length, before.length);
    });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (matches.length === 0) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setIndex((i) => (i + (e.key === 'ArrowDown' ? 1 : matches.length - 1)) % matches.length);
    } else if (e.key === 'Enter' || e.key === 'Tab') {
      e.preventDefault();
      insert(matches[index] as string);
    } else if (e.key === 'Escape') {
      e.stopPropagation();
      setQuery(null);
    }
  };

  return (
    <div className="relative">
      <textarea
        ref={ref}
        id={id}
        rows={rows}
        value={value}
        disabled={disabled}
        placeholder={placeholder}
        aria-invalid={invalid || undefined}
        aria-autocomplete="list"
        aria-controls={matches.length ? listId : undefined}
        onChange={(e) => {
          onChange(e.target.value);
          track(e.target.value, e.target.selectionStart);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setTimeout(() => setQuery(null), 150)}
        className={cn(
          'w-full resize-y rounded-control border border-border bg-surface px-2.5 py-1.5 text-[13px] leading-relaxed text-fg focus-visible:outline-2 focus-visible:outline-ring disabled:opacity-60',
          invalid && 'border-danger',
        )}
      />
      {matches.length > 0 && (
        <ul
          id={listId}
          role="listbox"
          aria-label={t('studio.inspector.variables')}
          className="absolute right-0 left-0 z-20 mt-1 max-h-48 overflow-auto rounded-control border border-border bg-surface py-1 shadow-overlay"
        >
          {matches.map((name, i) => (
            <li
              key={name}
              role="option"
              aria-selected={i === index}
              onMouseDown={(e) => {
                e.preventDefault();
                insert(name);
              }}
              className={cn(
                'cursor-pointer px-2.5 py-1 font-mono text-xs',
                i === index ? 'bg-brand-subtle text-brand-subtle-fg' : 'text-fg',
              )}
            >
              {`{{${name}}}`}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
