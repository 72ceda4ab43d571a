type ClassValue = string | false | null | undefined | 0;

/** Joins class names, skipping falsy values. (No tailwind-merge: components avoid conflicting classes.) */
export function cn(...values: ClassValue[]): string {
  return values.filter(Boolean).join(' ');
}
