// Accepting or refusing with a code, from the API (the caller is known) or from the emailed page
// (possession of the code is the proof): the request is settled with the answer (settle.ts), whose
// judgement (domain/answers.ts) says what it means, and whose lifecycle row what the workflow hears.
import type { Decision } from '../domain/answers';
import { notFound } from '../domain/actions';
import type { ContactChangeRecord, Handle } from '../domain/model';
import type { Deps } from './deps';
import { settleAnswer, type CodeAnswer } from './settle';

export type { Decision };

export interface Answer extends CodeAnswer {
  id: string;
  /** The code as the person typed or pasted it. */
  code: string;
  decision: Decision;
  /** The authenticated caller; absent on the public confirm page. */
  caller?: Handle;
  /** Where a page answer came from (the client's address), for the limit on codes that are nobody's. */
  source?: string;
}

export interface AnswerOutcome {
  request: ContactChangeRecord;
  /** The confirmer whose code it was. */
  nic: Handle;
}

export async function answerChange(deps: Deps, answer: Answer): Promise<AnswerOutcome> {
  const { id, ...given } = answer;
  const settled = await settleAnswer(deps, id, given);
  if (!settled) throw notFound();
  if (settled.refusal) throw settled.refusal;
  return { request: settled.request, nic: settled.nic };
}
