/**
 * Source dictionary. Every other locale must provide exactly these keys (see `Dictionary`).
 * Placeholders use `{name}`; an object with an `other` key is a plural entry selected by `{count}`.
 */
export const en = {
  app: {
    name: 'Voice Platform',
    tagline: 'Build, run and observe voice agents on your own infrastructure.',
  },
  common: {
    loading: 'Loading…',
    close: 'Close',
    cancel: 'Cancel',
    save: 'Save',
    openMenu: 'Open menu',
    closeMenu: 'Close menu',
    dismiss: 'Dismiss',
    selectPlaceholder: 'Select…',
    required: 'Required',
    optional: 'optional',
    seconds: { one: '{count} second', other: '{count} seconds' },
  },
  language: {
    label: 'Language',
    switchTo: 'Switch language to {language}',
    en: 'English',
    ru: 'Русский',
  },
  nav: {
    main: 'Main navigation',
    home: 'Home',
    agents: 'Agents',
    calls: 'Calls',
    knowledge: 'Knowledge',
    numbers: 'Numbers',
    settings: 'Settings',
  },
  userMenu: {
    label: 'Account menu',
    signedInAs: 'Signed in as',
    settings: 'Account settings',
    signOut: 'Sign out',
  },
  login: {
    metaTitle: 'Sign in · Voice Platform',
    title: 'Sign in to your workspace',
    subtitle: 'Use the email and password your administrator gave you.',
    email: 'Email',
    emailPlaceholder: 'you@company.com',
    password: 'Password',
    submit: 'Sign in',
    submitting: 'Signing in…',
    selfHosted: 'Self-hosted. Your calls and data stay on your servers.',
    errors: {
      emailRequired: 'Enter your email address.',
      emailInvalid: 'That does not look like an email address.',
      passwordRequired: 'Enter your password.',
      invalidCredentials: 'The email or password is incorrect.',
      throttled: 'Too many sign-in attempts. Please wait a moment and try again.',
      throttledFor: {
        one: 'Too many sign-in attempts. Try again in {count} second.',
        other: 'Too many sign-in attempts. Try again in {count} seconds.',
      },
      throttledForMinutes: {
        one: 'Too many sign-in attempts. Try again in {count} minute.',
        other: 'Too many sign-in attempts. Try again in {count} minutes.',
      },
      formTitle: 'Could not sign you in',
    },
  },
  home: {
    metaTitle: 'Getting started · Voice Platform',
    greeting: 'Welcome, {name}',
    greetingAnonymous: 'Welcome',
    description: 'Your workspace is empty. Four steps take you from zero to your first answered call.',
    stepsTitle: 'Getting started',
    stepLabel: 'Step {step}',
    steps: {
      agent: {
        title: 'Create an agent',
        text: 'Describe what your agent should do, pick a voice and a language model.',
        action: 'Create agent',
      },
      knowledge: {
        title: 'Add knowledge',
        text: 'Upload documents or FAQs so the agent can answer questions about your business.',
        action: 'Add knowledge',
      },
      number: {
        title: 'Connect a phone number',
        text: 'Link a SIP trunk or a provider number and route it to your agent.',
        action: 'Connect number',
      },
      call: {
        title: 'Make a test call',
        text: 'Call the number and review the transcript and recording in Calls.',
        action: 'Open calls',
      },
    },
  },
  errors: {
    metaTitle: 'Error · Voice Platform',
    status: 'Error {status}',
    notFoundTitle: 'Page not found',
    notFoundText: 'The page you are looking for does not exist or has been moved.',
    forbiddenTitle: 'Access denied',
    forbiddenText: 'You do not have permission to view this page.',
    unauthorizedTitle: 'Sign-in required',
    unauthorizedText: 'Please sign in to continue.',
    genericTitle: 'Something went wrong',
    genericText:
      'An unexpected error occurred. Try again in a moment; if it keeps happening, contact your administrator.',
    goHome: 'Go to the home page',
    retry: 'Try again',
  },
} as const;
