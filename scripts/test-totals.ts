// Adds up the Vitest and Playwright JSON reports into one closing line: "N passed, N failed, N skipped".
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';

const vitestReport = z.object({
  numPassedTests: z.number(),
  numFailedTests: z.number(),
  numPendingTests: z.number().default(0),
});
const playwrightReport = z.object({
  stats: z.object({
    expected: z.number(),
    unexpected: z.number(),
    flaky: z.number().default(0),
    skipped: z.number().default(0),
  }),
});

let passed = 0;
let failed = 0;
let skipped = 0;
const [vitestPath, playwrightPath] = process.argv.slice(2);
if (vitestPath && existsSync(vitestPath)) {
  const r = vitestReport.parse(JSON.parse(readFileSync(vitestPath, 'utf8')));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += r.numPendingTests;
  console.log(`vitest: ${r.numPassedTests} passed, ${r.numFailedTests} failed`);
}
if (playwrightPath && existsSync(playwrightPath)) {
  const { stats } = playwrightReport.parse(JSON.parse(readFileSync(playwrightPath, 'utf8')));
  passed += stats.expected + stats.flaky;
  failed += stats.unexpected;
  skipped += stats.skipped;
  console.log(`playwright: ${stats.expected + stats.flaky} passed, ${stats.unexpected} failed`);
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
