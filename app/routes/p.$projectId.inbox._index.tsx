import { InboxIcon } from '~/components/icons';
import { EmptyState } from '~/components/ui/empty-state';
import { useT } from '~/i18n';

export default function InboxIndex() {
  const t = useT();
  return (
    <EmptyState icon={<InboxIcon size={20} />} title={t('inbox.pickCall')} text={t('inbox.pickCallText')} />
  );
}
