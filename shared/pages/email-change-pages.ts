// The page behind the stop link emailed to the old address when an address change starts (issue 22):
// GET shows one button and changes nothing (mail scanners open links), POST stops the change. In the
// account's language; a wrong link shows nothing of the account, not even whether a change waits.
import type { Language } from '../domain/model';
import { html, renderDocument, type Html } from './layout';
import { en as enWords } from './words-en';
import { fi as fiWords } from './words-fi';

interface Said {
  title: string;
  body: string;
}

interface CancelWords {
  eyebrow: string;
  ask: Said & { button: string; keep: string };
  stopped: Said;
  nothing: Said;
  invalid: Said;
  other: Said;
}

const WORDS: Record<Language, CancelWords> = {
  en: {
    eyebrow: 'Change of your email address',
    ask: {
      title: 'Stop the change of your email address?',
      body:
        'Someone signed in to your account asked to change its email address. If it was not you, stop the ' +
        'change here: your address stays as it is, and the code sent to the new address stops working.',
      button: 'Stop the address change',
      keep: 'If you asked for the change yourself, close this page: nothing changes until you press the button.',
    },
    stopped: {
      title: 'The address change is stopped',
      body:
        'Your email address stays as it was. If you did not start the change, sign in, change your password ' +
        'and contact customer service.',
    },
    nothing: {
      title: 'There is nothing to stop',
      body: 'This address change was already confirmed, stopped or ran out. Your profile shows your address now.',
    },
    invalid: {
      title: 'This link does not work',
      body: 'The link is wrong, or a newer address change replaced it. Use the link of the latest email.',
    },
    other: {
      title: 'Something went wrong',
      body: 'The address change could not be handled just now. Please try again in a moment.',
    },
  },
  fi: {
    eyebrow: 'Sähköpostiosoitteesi vaihto',
    ask: {
      title: 'Pysäytetäänkö sähköpostiosoitteesi vaihto?',
      body:
        'Joku tilillesi kirjautunut pyysi vaihtamaan sen sähköpostiosoitteen. Jos se et ollut sinä, pysäytä ' +
        'vaihto tästä: osoitteesi pysyy ennallaan, eikä uuteen osoitteeseen lähetetty koodi enää toimi.',
      button: 'Pysäytä osoitteen vaihto',
      keep: 'Jos pyysit vaihtoa itse, sulje tämä sivu: mikään ei muutu, ellet paina painiketta.',
    },
    stopped: {
      title: 'Osoitteen vaihto on pysäytetty',
      body:
        'Sähköpostiosoitteesi pysyy ennallaan. Jos et itse aloittanut vaihtoa, kirjaudu sisään, vaihda ' +
        'salasanasi ja ota yhteyttä asiakaspalveluun.',
    },
    nothing: {
      title: 'Pysäytettävää ei ole',
      body: 'Tämä osoitteen vaihto on jo vahvistettu, pysäytetty tai vanhentunut. Profiilisi näyttää nykyisen osoitteesi.',
    },
    invalid: {
      title: 'Tämä linkki ei toimi',
      body: 'Linkki on väärä, tai uudempi osoitteen vaihto on korvannut sen. Käytä uusimman viestin linkkiä.',
    },
    other: {
      title: 'Jokin meni vikaan',
      body: 'Osoitteen vaihtoa ei voitu nyt käsitellä. Yritä hetken kuluttua uudelleen.',
    },
  },
};

export interface CancelPageBase {
  language: Language;
  nonce: string;
  providerName: string;
}

function documentOf(base: CancelPageBase, title: string, body: Html, isError = false): string {
  return renderDocument({
    language: base.language,
    words: base.language === 'fi' ? fiWords : enWords,
    nonce: base.nonce,
    providerName: base.providerName,
    title,
    isError,
    body,
  });
}

function outcome(words: CancelWords, said: Said, badge: 'ok' | 'bad' | 'info'): Html {
  const mark = { ok: '✓', bad: '✕', info: 'i' }[badge];
  return html`<p class="eyebrow">${words.eyebrow}</p>
    <div class="outcome">
      <span class="badge badge-${badge}" aria-hidden="true">${mark}</span>
      <div>
        <h1>${said.title}</h1>
        <p class="lead">${said.body}</p>
      </div>
    </div>`;
}

/** The GET: one button, which posts the link's own handle and token back. */
export function renderCancelAskPage(input: CancelPageBase & { nic: string; token: string }): string {
  const words = WORDS[input.language];
  const a = words.ask;
  const body = html`<p class="eyebrow">${words.eyebrow}</p>
    <h1>${a.title}</h1>
    <p class="lead">${a.body}</p>
    <form class="answer" method="post" action="/email-change/cancel">
      <input type="hidden" name="nic" value="${input.nic}" />
      <input type="hidden" name="token" value="${input.token}" />
      <div class="actions"><button type="submit" class="danger">${a.button}</button></div>
    </form>
    <p class="note">${a.keep}</p>`;
  return documentOf(input, a.title, body);
}

/** After the POST: the change is stopped. */
export function renderCancelledPage(input: CancelPageBase): string {
  const words = WORDS[input.language];
  return documentOf(input, words.stopped.title, outcome(words, words.stopped, 'ok'));
}

/** nothing_pending (409), invalid_token (422), anything else: never a word about the account. */
export function renderCancelProblemPage(input: CancelPageBase & { code: string }): string {
  const words = WORDS[input.language];
  const [said, badge] =
    input.code === 'nothing_pending'
      ? [words.nothing, 'info' as const]
      : input.code === 'invalid_token' || input.code === 'validation_failed'
        ? [words.invalid, 'bad' as const]
        : [words.other, 'bad' as const];
  return documentOf(input, said.title, outcome(words, said, badge), badge === 'bad');
}
