/** Strings for the new-user walk (issue 18): confirmations, home, settings, agent actions, phone words. */
export const newUserEn = {
  undo: 'Undo',
  confirm: {
    numberTitle: 'Remove the number {address}?',
    numberText: 'Calls to it stop reaching {agent}. Its calls stay in the Inbox.',
    numberTextNoAgent: 'It stops taking calls. Its calls stay in the Inbox.',
    numberRemoved: 'Number {address} removed',
    numberRestored: 'Number {address} is back',
    sourceTitle: 'Remove the source “{name}”?',
    sourceText: 'Its entries leave the knowledge base at once; agents stop answering from them.',
    viewTitle: 'Remove the saved view “{name}”?',
    viewText: 'Only the view goes; no call is deleted.',
    rollbackTitle: 'Roll back to v{number}?',
    rollbackText:
      'v{number} becomes the live version: calls from now on follow it. The draft is not changed.',
    rollbackButton: 'Roll back',
    removeButton: 'Remove',
  },
} as const;
