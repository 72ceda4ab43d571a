/**
 * Russia's non-working public holidays (Labour Code art. 112) as a preset a project can load into its quiet
 * hours and then edit. Years whose government decree on transferred days is known are listed as decreed;
 * for other years the fixed holidays are given, each one falling on a weekend followed by the next working
 * day off (the general rule; January's holidays move only by decree, so they are not moved here).
 */

/** The decree's days off (holidays and transfers) and its working Saturdays, by year. */
const DECREED: Record<number, { off: string[]; workdays: string[] }> = {
  // Постановление Правительства РФ от 04.10.2024 № 1335.
  2025: {
    off: [
      ...['01', '02', '03', '04', '05', '06', '07', '08'].map((d) => `2025-01-${d}`),
      '2025-02-23',
      '2025-03-08',
      '2025-05-01',
      '2025-05-02',
      '2025-05-08',
      '2025-05-09',
      '2025-06-12',
      '2025-06-13',
      '2025-11-03',
      '2025-11-04',
      '2025-12-31',
    ],
    workdays: ['2025-11-01'],
  },
  // Постановление Правительства РФ от 24.09.2025 № 1466 (3 and 4 January moved to 9 January and 31 December).
  2026: {
    off: [
      ...['01', '02', '03', '04', '05', '06', '07', '08', '09'].map((d) => `2026-01-${d}`),
      '2026-02-23',
      '2026-03-09',
      '2026-05-01',
      '2026-05-11',
      '2026-06-12',
      '2026-11-04',
      '2026-12-31',
    ],
    workdays: [],
  },
};

const FIXED = [
  '01-01',
  '01-02',
  '01-03',
  '01-04',
  '01-05',
  '01-06',
  '01-07',
  '01-08',
  '02-23',
  '03-08',
  '05-01',
  '05-09',
  '06-12',
  '11-04',
];

const iso = (d: Date) => d.toISOString().slice(0, 10);

export function russianHolidays(year: number): { holidays: string[]; workdays: string[] } {
  const decreed = DECREED[year];
  if (decreed) return { holidays: [...decreed.off], workdays: [...decreed.workdays] };
  const off = new Set(FIXED.map((md) => `${year}-${md}`));
  for (const md of FIXED) {
    if (md.startsWith('01-')) continue;
    const day = new Date(`${year}-${md}T00:00:00Z`);
    const weekday = day.getUTCDay();
    if (weekday !== 0 && weekday !== 6) continue;
    // The next weekday that is not itself a holiday.
    const next = new Date(day);
    do next.setUTCDate(next.getUTCDate() + 1);
    while (next.getUTCDay() === 0 || next.getUTCDay() === 6 || off.has(iso(next)));
    off.add(iso(next));
  }
  return { holidays: [...off].sort(), workdays: [] };
}
