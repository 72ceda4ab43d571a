import type { ReactNode } from 'react';
import { useT } from '~/i18n';
import { Button } from './button';
import { Dialog, DialogClose } from './dialog';

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
}

/** Asks before an action: Cancel, or the confirming button, which runs the action and closes the dialog. */
export function ConfirmDialog({
  title,
  description,
  trigger,
  confirmLabel,
  onConfirm,
  variant = 'danger',
}: ConfirmDialogProps) {
  const t = useT();
  return (
    <Dialog
      title={title}
      description={description}
      size="sm"
      trigger={trigger}
      footer={
        <>
          <DialogClose asChild>
            <Button variant="secondary">{t('common.cancel')}</Button>
          </DialogClose>
          <DialogClose asChild>
            <Button variant={variant} onClick={onConfirm}>
              {confirmLabel}
            </Button>
          </DialogClose>
        </>
      }
    />
  );
}
