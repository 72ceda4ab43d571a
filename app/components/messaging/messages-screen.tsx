import { PageHeader } from '../ui/page-header';
import { ChannelsPanel } from './channels-panel';
import { MessageLog } from './message-log';
import type { ChannelItem, MessageItem, TemplateItem } from './messaging-types';
import { TemplateEditor } from './template-editor';
import { useT } from '~/i18n';

/** Messages (E12-FE-01): channels, templates with the live segment counter, and the log. */
export function MessagesScreen(props: {
  projectId: string;
  channels: ChannelItem[];
  templates: TemplateItem[];
  messages: MessageItem[];
  canManage: boolean;
}) {
  const t = useT();
  return (
    <div className="space-y-8">
      <PageHeader title={t('messaging.title')} description={t('messaging.description')} />
      {props.canManage && <ChannelsPanel projectId={props.projectId} channels={props.channels} />}
      {props.canManage && (
        <TemplateEditor projectId={props.projectId} channels={props.channels} templates={props.templates} />
      )}
      <MessageLog projectId={props.projectId} channels={props.channels} messages={props.messages} />
    </div>
  );
}
