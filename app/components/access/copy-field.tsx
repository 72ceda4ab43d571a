import { useState } from 'react';
import { useT } from '~/i18n';
import { CheckIcon } from '../icons';
import { Button } from '../ui/button';
import { Input } from '../ui/input';
import { Label } from '../ui/label';

/** A read-only value (an invite link, a new API key) with a copy button; selected on focus. */
export function CopyField({ label, value, testId }: { label: string; value: string; testId?: string }) {
  const t = useT();
  const [copied, setCopied] = useState(false);
  return (
    <div className="space-y-1.5">
      <Label htmlFor={testId}>{label}</Label>
      <div className="flex gap-2">
        <Input
          id={testId}
          readOnly
          value={value}
          data-testid={testId}
          onFocus={(e) => e.currentTarget.select()}
          className="font-mono text-xs"
        />
        <Button
          type="button"
          variant="secondary"
          onClick={async () => {
            try {
              await navigator.clipboard.writeText(value);
              setCopied(true);
              setTimeout(() => setCopied(false), 2000);
            } catch {
              // Clipboard refused (insecure origin, permissions): the field is selectable by hand.
            }
          }}
        >
          {copied ? (
            <>
              <CheckIcon /> {t('members.copied')}
            </>
          ) : (
            t('members.copy')
          )}
        </Button>
      </div>
    </div>
  );
}
