// The worker thread of the isolated document reader (isolated-reader.ts): extraction of untrusted bytes.
import { serveIsolatedTasks } from '../../sandbox/serve-isolated-tasks.ts';
import { extractDocument, type ExtractInput } from './extract/extract-document.ts';
import { readPage, type PageInput } from './extract/read-page.ts';

serveIsolatedTasks({
  'extract-document': (input: ExtractInput) => extractDocument(input),
  'read-page': (input: PageInput) => readPage(input),
});
