// Adds up the Vitest and Playwright JSON reports into one closing line: "N passed, N failed, N skipped".
// Before it, each failed Vitest test is named with the first line of its error: CI keeps only the tail of the
// output, and a failure nobody can name cannot be fixed.
import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { z } from 'zod';

const vitestReport = z.object({
  numPassedTests: z.number(),
  numFailedTests: z.number(),
  numPendingTests: z.number().default(0),
  testResults: z
    .array(
      z.object({
        name: z.string(),
        status: z.string().optional(),
        message: z.string().optional(),
        assertionResults: z
          .array(
            z.object({
              fullName: z.string(),
              status: z.string(),
              failureMessages: z.array(z.string()).default([]),
            }),
          )
          .default([]),
      }),
    )
    .default([]),
});
const playwrightReport = z.object({
  stats: z.object({
    expected: z.number(),
    unexpected: z.number(),
    flaky: z.number().default(0),
    skipped: z.number().default(0),
  }),
});

/** The first meaningful line of an error, without colour codes, short enough for a log line. */
function firstLine(text: string): string {
  // eslint-disable-next-line no-control-regex -- colour codes are control characters by definition
  const plain = text.replace(/\u001b\[[0-9;]*m/g, '');
  const line = plain.split('\n').find((l) => l.trim() !== '') ?? '';
  return line.trim().slice(0, 300);
}

let passed = 0;
let failed = 0;
let skipped = 0;
const [vitestPath, playwrightPath] = process.argv.slice(2);
if (vitestPath && existsSync(vitestPath)) {
  const r = vitestReport.parse(JSON.parse(readFileSync(vitestPath, 'utf8')));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += r.numPendingTests;
  for (const file of r.testResults) {
    const name = relative(process.cwd(), file.name);
    const failedTests = file.assertionResults.filter((t) => t.status === 'failed');
    for (const t of failedTests)
      console.log(`vitest failed: ${name} › ${t.fullName}: ${firstLine(t.failureMessages[0] ?? '')}`);
    // A file that failed outside any test (an import error, a hook that timed out) has only its own message.
    if (failedTests.length === 0 && file.status === 'failed')
      console.log(`vitest failed: ${name}: ${firstLine(file.message ?? '')}`);
  }
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
