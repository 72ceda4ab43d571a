/** First-run sign-up: the first owner of a fresh install. */
export const setupEn = {
  metaTitle: 'Set up · Voice Platform',
  title: 'Create the first owner',
  subtitle: 'This installation has no users yet. The account you create now owns its first project.',
  name: 'Your name',
  email: 'Email',
  password: 'Password',
  passwordHint: 'At least 10 characters.',
  project: 'Project name',
  projectPlaceholder: 'e.g. Dental clinic',
  submit: 'Create owner and open the project',
  shellHint: 'From a shell: npm run user:create -- --email <email> --project <name>',
} as const;
