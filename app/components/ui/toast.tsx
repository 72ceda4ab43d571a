import { Toast as ToastPrimitive } from 'radix-ui';
import { useCallback, useMemo, useRef, useState, type ReactNode } from 'react';
import { useT } from '~/i18n';
import { AlertCircleIcon, CheckCircleIcon, CloseIcon, InfoIcon } from '../icons';
import { cn } from './cn';
import { ToastContext, type ToastApi, type ToastOptions, type ToastVariant } from './toast-context';

interface ToastItem extends ToastOptions {
  id: string;
  open: boolean;
}

const icons: Record<ToastVariant, ReactNode> = {
  default: <InfoIcon className="text-fg-subtle" />,
  success: <CheckCircleIcon className="text-success" />,
  error: <AlertCircleIcon className="text-danger" />,
};

/** Mount once near the root; then call `useToast().toast(...)` anywhere below. */
export function ToastProvider({ children }: { children: ReactNode }) {
  const t = useT();
  const [items, setItems] = useState<ToastItem[]>([]);
  const counter = useRef(0);

  const dismiss = useCallback((id: string) => {
    setItems((current) => current.map((item) => (item.id === id ? { ...item, open: false } : item)));
    // Leave time for the close animation, then drop it.
    setTimeout(() => setItems((current) => current.filter((item) => item.id !== id)), 300);
  }, []);

  const toast = useCallback((options: ToastOptions) => {
    counter.current += 1;
    const id = `toast-${counter.current}`;
    setItems((current) => [...current.slice(-4), { ...options, id, open: true }]);
    return id;
  }, []);

  const api = useMemo<ToastApi>(() => ({ toast, dismiss }), [toast, dismiss]);

  return (
    <ToastContext.Provider value={api}>
      <ToastPrimitive.Provider swipeDirection="right" label={t('common.dismiss')}>
        {children}
        {items.map((item) => (
          <ToastPrimitive.Root
            key={item.id}
            open={item.open}
            duration={item.duration ?? 5000}
            type={item.variant === 'error' ? 'foreground' : 'background'}
            onOpenChange={(open) => {
              if (!open) dismiss(item.id);
            }}
            className={cn(
              'flex w-full items-start gap-3 rounded-card border border-border bg-surface p-4 shadow-overlay data-[state=closed]:opacity-0 data-[state=open]:animate-toast-in data-[swipe=end]:translate-x-(--radix-toast-swipe-end-x) data-[swipe=move]:translate-x-(--radix-toast-swipe-move-x) data-[swipe=end]:transition-transform',
              item.variant === 'error' && 'border-danger/40',
            )}
          >
            <span className="mt-0.5 shrink-0">{icons[item.variant ?? 'default']}</span>
            <div className="min-w-0 flex-1 space-y-1">
              <ToastPrimitive.Title className="text-sm font-medium text-fg">
                {item.title}
              </ToastPrimitive.Title>
              {item.description && (
                <ToastPrimitive.Description className="text-sm text-fg-muted">
                  {item.description}
                </ToastPrimitive.Description>
              )}
            </div>
            {item.action && (
              <ToastPrimitive.Action
                altText={item.action.label}
                onClick={item.action.onClick}
                className="shrink-0 rounded-control px-2 py-1 text-sm font-medium text-brand hover:bg-surface-hover"
              >
                {item.action.label}
              </ToastPrimitive.Action>
            )}
            <ToastPrimitive.Close
              aria-label={t('common.close')}
              className="-m-1 rounded-control p-1 text-fg-subtle transition-colors hover:bg-surface-hover hover:text-fg"
            >
              <CloseIcon size={14} />
            </ToastPrimitive.Close>
          </ToastPrimitive.Root>
        ))}
        <ToastPrimitive.Viewport
          // Radix puts the hotkey into "{hotkey}" itself.
          label={t('common.notifications', { hotkey: '{hotkey}' })}
          className="fixed right-0 bottom-0 z-[100] flex w-full max-w-sm flex-col gap-2 p-4 outline-none"
        />
      </ToastPrimitive.Provider>
    </ToastContext.Provider>
  );
}
