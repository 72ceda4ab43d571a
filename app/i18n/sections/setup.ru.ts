import type { Dictionary } from '../types';

/** Первый запуск: первый владелец новой установки. */
export const setupRu: Dictionary['setup'] = {
  metaTitle: 'Первый запуск · Voice Platform',
  title: 'Создайте первого владельца',
  subtitle:
    'В этой установке ещё нет пользователей. Созданная сейчас учётная запись станет владельцем первого проекта.',
  name: 'Ваше имя',
  email: 'Email',
  password: 'Пароль',
  passwordHint: 'Не короче 10 символов.',
  project: 'Название проекта',
  projectPlaceholder: 'например, Стоматология',
  submit: 'Создать владельца и открыть проект',
  shellHint: 'Из консоли: npm run user:create -- --email <email> --project <название>',
};
