// Each function bundles the templates of the kinds of email its entry names, and no others (issue 23).
// A kind it sends but does not name must fail where a test sees it, never be logged as an email that
// could not be sent: these cases hold that, for a notice and for a code email.
import { describe, expect, it } from 'vitest';
import { CODE_EMAILS } from '../../shared/email/kinds/codes';
import { MOVE_EMAILS } from '../../shared/email/kinds/moves';
import { ALL_EMAILS } from '../../shared/email/kinds/all';
import { requestContactChange } from '../../shared/usecases/create-change';
import { templateOf } from '../../shared/usecases/deps';
import { AA, BB, SERVICE, ask, refuse, stateOf, world } from './world';

describe('a function sends only the kinds of email its entry names', () => {
  it('finds each kind among the emails it names, and names the one it lacks', () => {
    expect(templateOf({ emails: CODE_EMAILS }, 'code')).toBe(ALL_EMAILS.code);
    expect(() => templateOf({ emails: CODE_EMAILS }, 'done')).toThrow(
      'This function sends "done" emails but its emails do not name them',
    );
  });

  it('a code email it does not name throws from the use case, and nobody is emailed', async () => {
    const deps = { ...world(), emails: MOVE_EMAILS };
    await expect(requestContactChange(deps, AA, SERVICE, { tech: BB })).rejects.toThrow(
      'This function sends "code" emails but its emails do not name them',
    );
    expect(deps.mailer.sent).toEqual([]);
    expect(deps.warnings).toEqual([]);
  });

  it('a notice it does not name throws once the move is written, instead of being logged as unsent', async () => {
    const deps = world();
    const { id } = await ask(deps);
    const before = deps.mailer.sent.length;
    await expect(refuse({ ...deps, emails: CODE_EMAILS }, id, BB)).rejects.toThrow(
      'This function sends "refused" emails but its emails do not name them',
    );
    expect(stateOf(deps, id)).toBe('refused');
    expect(deps.mailer.sent).toHaveLength(before);
    expect(deps.warnings).toEqual([]);
  });
});
