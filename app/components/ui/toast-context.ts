import { createContext, type ReactNode } from 'react';

export type ToastVariant = 'default' | 'success' | 'error';

export interface ToastOptions {
  title: ReactNode;
  description?: ReactNode;
  variant?: ToastVariant;
  /** Milliseconds; defaults to 5000. */
  duration?: number;
  /** One button in the toast (Undo); pressing it runs `onClick` and closes the toast. */
  action?: { label: string; onClick: () => void };
}

export interface ToastApi {
  toast: (options: ToastOptions) => string;
  dismiss: (id: string) => void;
}

export const ToastContext = createContext<ToastApi | null>(null);
