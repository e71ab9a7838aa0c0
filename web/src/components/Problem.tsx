// How a problem shows: in the user's words, next to its field, or as an alert over a form.
import type { ApiProblem } from '../lib/api/client';
import { problemText, useWords } from '../lib/i18n';

/**
 * The message for `problem` at `field`: when the API names the field, or when the code is about what
 * the field holds (`invalid_token` is about the code field, though the API names no field for it).
 */
export function useFieldError(
  problem: ApiProblem | undefined,
  field: string,
  codes: string[] = [],
): string | null {
  const { t } = useWords();
  if (!problem || !(field in problem.fields || codes.includes(problem.code))) return null;
  return problemText(t, problem.code, problem.message);
}

/** The words for a problem that no field shows (`shown`: a field already does). */
export function ProblemAlert({ problem, shown = false }: { problem?: ApiProblem; shown?: boolean }) {
  const { t, time } = useWords();
  if (!problem || shown) return null;
  const text = problem.code === 'network' ? t.errors.network : problemText(t, problem.code, problem.message);
  return (
    <p class="alert" role="alert">
      {text}
      {problem.retryAt && ` ${t.errors.retryAfter(time(problem.retryAt.toISOString()))}`}
    </p>
  );
}

/** A labelled input with its hint and its error, wired with aria-describedby and aria-invalid. */
export function Field({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  error: string | null;
  children: (described: {
    id: string;
    'aria-describedby'?: string;
    'aria-invalid'?: true;
  }) => preact.JSX.Element;
}) {
  const described = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ');
  return (
    <div class={`field${error ? ' invalid' : ''}`}>
      <label for={id}>{label}</label>
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {children({
        id,
        ...(described ? { 'aria-describedby': described } : {}),
        ...(error ? { 'aria-invalid': true } : {}),
      })}
      {error && (
        <p class="error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}
