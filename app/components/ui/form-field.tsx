import { Slot } from 'radix-ui';
import { useId, type ReactElement, type ReactNode } from 'react';
import { AlertCircleIcon } from '../icons';
import { cn } from './cn';
import { Label } from './label';

export interface FormFieldProps {
  label: ReactNode;
  /** The single control (Input, Textarea, Select…); it receives id, aria-invalid and aria-describedby. */
  children: ReactElement;
  error?: ReactNode;
  hint?: ReactNode;
  /** Defaults to a generated id. */
  id?: string;
  /** Shown next to the label, e.g. a "Forgot password?" link. */
  labelAside?: ReactNode;
  className?: string;
}

export function FormField({ label, children, error, hint, id, labelAside, className }: FormFieldProps) {
  const generatedId = useId();
  const controlId = id ?? generatedId;
  const hintId = hint ? `${controlId}-hint` : undefined;
  const errorId = error ? `${controlId}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(' ') || undefined;

  return (
    <div className={cn('space-y-1.5', className)}>
      <div className="flex items-center justify-between gap-2">
        <Label htmlFor={controlId}>{label}</Label>
        {labelAside}
      </div>
      <Slot.Root id={controlId} aria-invalid={error ? true : undefined} aria-describedby={describedBy}>
        {children}
      </Slot.Root>
      {error && (
        <p id={errorId} className="flex items-start gap-1.5 text-[13px] text-danger">
          <AlertCircleIcon size={14} className="mt-0.5 shrink-0" />
          <span>{error}</span>
        </p>
      )}
      {hint && (
        <p id={hintId} className="text-[13px] text-fg-subtle">
          {typeof hint === 'string' ? <WithCode text={hint} /> : hint}
        </p>
      )}
    </div>
  );
}

/** A hint with `backticked` parts (names the user types: variables, paths, ids) shown as code. */
function WithCode({ text }: { text: string }) {
  return (
    <>
      {text
        .split(/(`[^`]+`)/)
        .map((part, i) =>
          part.length > 2 && part.startsWith('`') && part.endsWith('`') ? (
            <code key={i}>{part.slice(1, -1)}</code>
          ) : (
            part
          ),
        )}
    </>
  );
}
