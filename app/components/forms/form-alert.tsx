import { useT } from '~/i18n';
import { failureMessage, type FormFailureData } from './form-messages';

/**
 * A form's refusal as a whole (last owner, name taken, link expired…). Field problems are shown at their
 * fields instead, so "check the fields" is not repeated above them.
 */
export function FormAlert({ failure }: { failure: FormFailureData | undefined }) {
  const t = useT();
  if (!failure || failure.code === 'validation_failed') return null;
  return (
    <p role="alert" className="text-sm text-danger">
      {failureMessage(t, failure)}
    </p>
  );
}
