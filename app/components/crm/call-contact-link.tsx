import { Link } from '@remix-run/react';
import { UserIcon } from '~/components/icons';
import { useT } from '~/i18n';

/** The CRM contact a call is filed under, shown on the Inbox's call card. */
export function CallContactLink({
  projectId,
  contact,
}: {
  projectId: string;
  contact: { id: string; name: string; phones: string[] } | null;
}) {
  const t = useT();
  if (!contact) return null;
  return (
    <Link
      to={`/p/${projectId}/crm/contacts/${contact.id}`}
      className="inline-flex items-center gap-1.5 text-sm text-brand hover:underline"
      data-testid="call-contact-link"
    >
      <UserIcon size={14} />
      {contact.name ? t('crm.inboxLink', { name: contact.name }) : t('crm.inboxLinkUnnamed')}
    </Link>
  );
}
