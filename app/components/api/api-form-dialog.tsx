import { useState, type ReactNode } from 'react';
import { Button } from '~/components/ui/button';
import { Dialog, type DialogProps } from '~/components/ui/dialog';
import type { ApiFailure, ApiResult } from './api-client';
import { useApiForm } from './use-api-form';

interface Props<T> extends Pick<DialogProps, 'title' | 'description' | 'trigger' | 'size'> {
  /** The form's id, which the footer's submit button points at. */
  formId: string;
  submitLabel: ReactNode;
  /** What the form sends: the API call made from the submitted fields. */
  submit: (form: FormData) => Promise<ApiResult<T>>;
  formClassName?: string;
  /** The fields, given the last failure so they can show what the API refused. */
  children: (failure: ApiFailure | undefined) => ReactNode;
  /** Runs each time the dialog opens: a form that keeps state of its own starts again from its values. */
  onOpen?: () => void;
}

/**
 * A dialog whose form calls the API: it submits, shows the failure in its fields, and on success closes
 * and lets the page's loaders run again. Closing it forgets the failure.
 */
export function ApiFormDialog<T>({
  formId,
  submitLabel,
  submit,
  formClassName,
  children,
  onOpen,
  ...dialog
}: Props<T>) {
  const [open, setOpen] = useState(false);
  const form = useApiForm<T>({ onSuccess: () => setOpen(false) });
  return (
    <Dialog
      {...dialog}
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) onOpen?.();
        else form.setFailure(undefined);
      }}
      footer={
        <Button type="submit" form={formId} loading={form.busy}>
          {submitLabel}
        </Button>
      }
    >
      <form
        id={formId}
        onSubmit={(event) => {
          event.preventDefault();
          const fields = new FormData(event.currentTarget);
          void form.run(() => submit(fields));
        }}
        className={formClassName}
        noValidate
      >
        {children(form.failure)}
      </form>
    </Dialog>
  );
}
