import { useId, useState, type ReactNode } from 'react';
import { useT } from '~/i18n';
import { Button } from './button';
import { Dialog, DialogClose } from './dialog';
import { Input } from './input';
import { Label } from './label';

export interface ConfirmDialogProps {
  title: ReactNode;
  description?: ReactNode;
  /** The element that opens the dialog. */
  trigger: ReactNode;
  /** The confirming button's words, usually the trigger's (Remove, Revoke…). */
  confirmLabel: ReactNode;
  onConfirm: () => void;
  /** A danger button (the default) or a primary one. */
  variant?: 'danger' | 'primary';
  /** For what cannot be undone: the button stays off until this text is typed (a project's name). */
  typeToConfirm?: { text: string; label: ReactNode };
}

/** Asks before an action: Cancel, or the confirming button, which runs the action and closes the dialog. */
export function ConfirmDialog({
  title,
  description,
  trigger,
  confirmLabel,
  onConfirm,
  variant = 'danger',
  typeToConfirm,
}: ConfirmDialogProps) {
  const t = useT();
  const inputId = useId();
  const [typed, setTyped] = useState('');
  const confirmed = !typeToConfirm || typed.trim() === typeToConfirm.text.trim();
  return (
    <Dialog
      title={title}
      description={description}
      size="sm"
      trigger={trigger}
      onOpenChange={(open) => {
        if (!open) setTyped('');
      }}
      footer={
        <>
          <DialogClose asChild>
            <Button variant="secondary">{t('common.cancel')}</Button>
          </DialogClose>
          <DialogClose asChild>
            <Button variant={variant} disabled={!confirmed} onClick={onConfirm}>
              {confirmLabel}
            </Button>
          </DialogClose>
        </>
      }
    >
      {typeToConfirm ? (
        <div className="space-y-1.5">
          <Label htmlFor={inputId}>{typeToConfirm.label}</Label>
          <Input id={inputId} autoComplete="off" value={typed} onChange={(e) => setTyped(e.target.value)} />
        </div>
      ) : null}
    </Dialog>
  );
}
