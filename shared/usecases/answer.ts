// Accepting or refusing with a code, by a signed-in caller, or with no caller, where possession of the
// code is the proof (the confirm page answers this way too, from its own read: confirm-page.ts). The
// request is settled with the answer (settle.ts): its judgement (domain/answers.ts) says what it
// means, the lifecycle's row what people and the workflow hear.
import type { Decision } from '../domain/answers';
import { notFound } from '../domain/view';
import type { ContactChangeRecord, Handle } from '../domain/model';
import type { Deps } from './deps';
import { settleAnswer, type CodeAnswer } from './settle';

export type { Decision };

/** An answer to request `id`: the code as typed or pasted, the decision, and who or where from. */
export interface Answer extends CodeAnswer {
  id: string;
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
