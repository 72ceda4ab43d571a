import type { Issue, IssueCode } from './issue';

export function makeIssue(
  code: IssueCode,
  en: string,
  ru: string,
  where: Pick<Issue, 'nodeId' | 'edgeId' | 'field'> = {},
): Issue {
  return { code, message: { en, ru }, ...where };
}
