import { forwardRef, type InputHTMLAttributes } from 'react';
import { cn } from './cn';

export const controlClasses =
  'w-full rounded-control border border-border bg-surface text-sm text-fg shadow-card transition-colors placeholder:text-fg-subtle hover:border-border-strong focus-visible:border-brand focus-visible:outline-3 focus-visible:outline-brand/20 disabled:cursor-not-allowed disabled:opacity-60 aria-invalid:border-danger aria-invalid:focus-visible:outline-danger/20';

export const Input = forwardRef<HTMLInputElement, InputHTMLAttributes<HTMLInputElement>>(function Input(
  { className, type = 'text', ...props },
  ref,
) {
  return <input ref={ref} type={type} className={cn(controlClasses, 'h-9 px-3', className)} {...props} />;
});
