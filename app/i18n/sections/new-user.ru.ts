import type { Dictionary } from '../types';

export const newUserRu: Dictionary['newUser'] = {
  undo: 'Отменить',
  confirm: {
    numberTitle: 'Удалить номер {address}?',
    numberText: 'Звонки на него перестанут попадать к агенту «{agent}». Его звонки останутся во входящих.',
    numberTextNoAgent: 'Он перестанет принимать звонки. Его звонки останутся во входящих.',
    numberRemoved: 'Номер {address} удалён',
    numberRestored: 'Номер {address} восстановлен',
    sourceTitle: 'Удалить источник «{name}»?',
    sourceText: 'Его записи сразу уйдут из базы знаний; агенты перестанут отвечать по ним.',
    viewTitle: 'Удалить сохранённый вид «{name}»?',
    viewText: 'Удаляется только вид; звонки остаются.',
    rollbackTitle: 'Откатить на v{number}?',
    rollbackText:
      'v{number} станет действующей версией: звонки с этого момента пойдут по ней. Черновик не меняется.',
    rollbackButton: 'Откатить',
    removeButton: 'Удалить',
  },
};
