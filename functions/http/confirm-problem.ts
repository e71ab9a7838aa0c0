// What the two confirm pages (one request, a batch) show when the handler itself failed: a problem
// page in the browser's language, since whose code it was is not known.
import { pickLanguage, renderProblemPage } from '../../shared/pages/confirm-pages';
import type { ApiEvent } from '../../shared/http/middleware';
import { deps } from '../../shared/runtime';

/** The language the browser asks for; the pages' fallback when no code names its reader. */
export const browserLanguage = (event: ApiEvent) => pickLanguage(event.headers?.['accept-language']);

/** A failure the handler did not expect still gets a page in the browser's language. */
export function unexpectedProblemPage(problem: { code: string }, event: ApiEvent, nonce: string): string {
  return renderProblemPage({
    language: browserLanguage(event),
    nonce,
    providerName: deps().settings.providerName,
    code: problem.code,
  });
}
