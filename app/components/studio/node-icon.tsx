import type { ReactNode } from 'react';

/** Inline 24×24 stroke drawings for the icon names node definitions use (no icon package here). */
const paths: Record<string, ReactNode> = {
  bot: (
    <>
      <rect x="4" y="8" width="16" height="12" rx="2" />
      <path d="M12 8V4M8 4h8M9 13v2M15 13v2" />
    </>
  ),
  'circle-help': (
    <>
      <circle cx="12" cy="12" r="9" />
      <path d="M9.1 9a3 3 0 0 1 5.8 1c0 2-3 3-3 3M12 17h.01" />
    </>
  ),
  'phone-off': (
    <path d="M10.7 13.3a16 16 0 0 1-3.4-4.6l1.3-1.3a2 2 0 0 0 .4-2.1L8 3H4a1 1 0 0 0-1 1 17 17 0 0 0 4.6 11.4M22 2 2 22M16 14.5l2.3-.9a2 2 0 0 1 2.1.4L21 16v4a1 1 0 0 1-1 1 17 17 0 0 1-7.6-2.3" />
  ),
  'book-open': (
    <path d="M2 4h6a4 4 0 0 1 4 4v12a3 3 0 0 0-3-3H2zM22 4h-6a4 4 0 0 0-4 4v12a3 3 0 0 1 3-3h7z" />
  ),
  'git-branch': (
    <>
      <circle cx="6" cy="5" r="2" />
      <circle cx="6" cy="19" r="2" />
      <circle cx="18" cy="7" r="2" />
      <path d="M6 7v10M18 9a9 9 0 0 1-9 9" />
    </>
  ),
  'message-square': <path d="M21 15a2 2 0 0 1-2 2H7l-4 4V5a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2z" />,
  variable: <path d="M8 21s-4-3-4-9 4-9 4-9M16 3s4 3 4 9-4 9-4 9M15 9l-6 6M9 9l6 6" />,
  play: <path d="M7 4v16l13-8z" />,
  wrench: (
    <path d="M14.7 6.3a4 4 0 0 0 5 5l-8.4 8.4a2.1 2.1 0 0 1-3-3zM14.7 6.3A4 4 0 0 1 19.6 3l-2.5 2.5.4 2 2 .4L22 5.4a4 4 0 0 1-3.3 4.9" />
  ),
  'phone-forwarded': (
    <path d="M14 6h8M18 2l4 4-4 4M22 16.9v3a2 2 0 0 1-2.2 2 19.8 19.8 0 0 1-8.6-3.1 19.5 19.5 0 0 1-6-6A19.8 19.8 0 0 1 2.1 4.2 2 2 0 0 1 4.1 2h3a2 2 0 0 1 2 1.7c.1 1 .4 1.9.7 2.8a2 2 0 0 1-.5 2.1L8 9.9a16 16 0 0 0 6 6l1.3-1.3a2 2 0 0 1 2.1-.4c.9.3 1.8.6 2.8.7a2 2 0 0 1 1.7 2" />
  ),
};

export function NodeIcon({ name, size = 16 }: { name: string; size?: number }) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.75}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden
      focusable="false"
    >
      {paths[name] ?? <circle cx="12" cy="12" r="8" />}
    </svg>
  );
}
