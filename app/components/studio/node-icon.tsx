/** A node type's icon: the SVG path data its definition carries, as a 24×24 stroke drawing. */
export function NodeIcon({ path, size = 16 }: { path: string | undefined; size?: number }) {
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
      {/* An unknown type (a newer flow in an older studio) draws a plain circle. */}
      <path d={path ?? 'M4 12a8 8 0 1 0 16 0a8 8 0 1 0-16 0'} />
    </svg>
  );
}
