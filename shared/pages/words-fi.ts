// Suomenkieliset vahvistussivut. Sanat ja sävy ovat samat kuin sähköposteissa; roolit ja tunnukset
// ovat taulukossa, jotta lauseissa ei tarvitse taivuttaa käyttäjän antamia nimiä eikä roolien nimiä.
import { fi as emails } from '../email/templates/fi';
import type { PageWords, SentenceView } from './words';

const endedHint =
  'Pyyntöön lähetetyt koodit eivät enää toimi. Jos muutosta tarvitaan yhä, uuden pyynnön voi tehdä hallintapaneelissa.';

const expired = (v: SentenceView) =>
  `Kaikki eivät vahvistaneet pyyntöä ${v.expiresAt} mennessä, joten se on vanhentunut eikä mitään muuteta.`;

export const fi: PageWords = {
  locale: emails.locale,
  roleNames: emails.roleNames,
  product: 'Palvelujen yhteyshenkilöt',
  eyebrow: 'Yhteyshenkilön vaihtopyyntö',
  errorPrefix: 'Virhe: ',
  youMark: '(sinä)',
  facts: {
    service: 'Palvelu',
    role: 'Rooli',
    roles: 'Roolit',
    from: 'Nykyinen yhteyshenkilö',
    previous: 'Edellinen yhteyshenkilö',
    to: 'Uusi yhteyshenkilö',
    askedBy: 'Pyytäjä',
    notified: 'Tiedoksi',
    validUntil: 'Voimassa asti',
    requestId: 'Pyynnön tunnus',
  },
  confirm: {
    title: (v) => `Vahvista yhteyshenkilön vaihto: ${v.serviceName}`,
    intro: (v) =>
      v.you !== undefined && v.askedBy === v.you
        ? `Pyysit muutosta palvelun ${v.serviceName} yhteyshenkilöihin. Muutos tarvitsee vahvistuksesi.`
        : v.you !== undefined && v.to === v.you
          ? `${v.askedBy} pyytää, että sinusta tulee palvelun ${v.serviceName} yhteyshenkilö. Muutos tarvitsee vahvistuksesi.`
          : `${v.askedBy} pyytää muutosta palvelun ${v.serviceName} yhteyshenkilöihin. Muutos tarvitsee vahvistuksesi.`,
    answersHeading: 'Vahvistukset',
    answersNote: 'Mitään ei muuteta ennen kuin kaikki tässä luetellut ovat hyväksyneet muutoksen.',
    status: { accepted: 'Hyväksynyt', refused: 'Hylännyt', pending: 'Ei vielä vastannut' },
    neverAnswered: 'Ei vastannut',
    formHeading: 'Vastauksesi',
    answeringAs: (you) => `Vastaat tunnuksella ${you}.`,
    codeLabel: 'Vahvistuskoodi',
    codeHint: 'Koodi on sähköpostissa, jonka lähetimme sinulle, ja se on täytetty tähän linkin kautta.',
    accept: 'Hyväksy',
    refuse: 'Hylkää',
    acceptMeans:
      'Hyväksymällä vahvistat muutoksen omalta osaltasi; se tulee voimaan, kun kaikki ovat vahvistaneet sen.',
    refuseMeans: 'Hylkäämällä päätät pyynnön; mitään ei muuteta.',
    personal:
      'Koodi on henkilökohtainen ja toimii vain kerran – älä anna sitä muille. Jos et odottanut tätä pyyntöä, hylkää se.',
  },
  outcome: {
    done: (v) => ({
      title: 'Muutos on tehty',
      body: `Palvelun ${v.serviceName} yhteyshenkilöt on vaihdettu, ja muutos on voimassa heti. Kiitos vahvistuksesta.`,
    }),
    applying: (v) => ({
      title: 'Kiitos – muutosta tehdään',
      body: `Kaikki ovat hyväksyneet, ja palvelun ${v.serviceName} yhteyshenkilöitä vaihdetaan parhaillaan. Saat sähköpostin, kun muutos on tehty.`,
    }),
    waiting: (v) => ({
      title: 'Kiitos, hyväksyntäsi on kirjattu',
      body: `Muutos odottaa vielä vahvistusta seuraavilta: ${v.others}. Muutos tehdään heti, kun kaikki ovat hyväksyneet sen.`,
      next: `Jos näin ei ole tapahtunut ${v.expiresAt} mennessä, pyyntö vanhenee eikä mitään muuteta.`,
    }),
    refused: (v) => ({
      title: 'Hylkäsit pyynnön',
      body: `Pyyntö muuttaa palvelun ${v.serviceName} yhteyshenkilöitä on päättynyt, eikä mitään muuteta.`,
      next: endedHint,
    }),
    ended: 'Pyyntö on päättynyt',
  },
  closed: {
    // Taulussa vielä avoin mutta voimassaoloaika on ohi: ajastettu siivous ei ole vielä sulkenut sitä.
    awaiting_confirmation: expired,
    applying: () => 'Kaikki ovat hyväksyneet, ja muutosta tehdään parhaillaan.',
    done: (v) => `Muutos on tehty${v.completedAt ? ` (${v.completedAt})` : ''}, ja se on voimassa.`,
    refused: () => `Pyyntö hylättiin, joten mitään ei muuteta. ${endedHint}`,
    expired: (v) => `${expired(v)} ${endedHint}`,
    failed: () =>
      'Kaikki hyväksyivät pyynnön, mutta muutosta ei voitu tehdä, koska tilanne oli sillä välin muuttunut. ' +
      `Mitään ei muutettu. ${endedHint}`,
    cancelled: (v) =>
      v.you !== undefined && v.askedBy === v.you
        ? 'Peruit pyynnön, joten mitään ei muuteta.'
        : `${v.askedBy} perui pyynnön, joten mitään ei muuteta.`,
  },
  reason: (reason) => `Syy: ${reason}`,
  problem: {
    invalidCode: {
      title: 'Koodi ei kelpaa',
      body: 'Koodi on väärä, jo käytetty tai korvattu uudemmalla. Tarkista koodi viimeisimmästä sähköpostista, jonka lähetimme sinulle, ja kirjoita se uudelleen.',
      field: 'Koodi on väärä, käytetty tai korvattu. Tarkista koodi ja yritä uudelleen.',
      fix: 'Kirjoita koodi uudelleen',
    },
    alreadyAnswered: {
      title: 'Olet jo vastannut',
      body: 'Tällä koodilla on jo vastattu pyyntöön, ja kukin koodi toimii vain kerran. Aiempi vastauksesi on voimassa.',
    },
    requestClosed: {
      title: 'Pyyntö on päättynyt',
      body: 'Sitä ei voi enää hyväksyä eikä hylätä.',
    },
    tooManyAttempts: (maxTries) => ({
      title: 'Liian monta väärää koodia',
      body: `Turvallisuussyistä tällä koodilla ei voi enää vastata ${maxTries} väärän yrityksen jälkeen.`,
      next:
        'Jos haluat vastata, pyydä viesti uudelleen: kirjaudu hallintapaneeliin, avaa pyyntö ja valitse Lähetä uudelleen. ' +
        'Uudessa viestissä on uusi koodi, ja vanha lakkaa toimimasta.',
    }),
    invalidLink: {
      title: 'Linkki ei kelpaa',
      body:
        'Tällä linkillä ei löytynyt pyyntöä. Tarkista, että avasit sähköpostissa olleen linkin kokonaan; ' +
        'jos sähköpostiohjelma katkaisi sen, kopioi linkki kokonaisuudessaan selaimen osoiteriville.',
    },
    internalError: {
      title: 'Jokin meni vikaan',
      body: 'Jokin meni vikaan meidän päässämme. Yritä hetken kuluttua uudelleen. Jos ongelma toistuu, ota yhteyttä asiakaspalveluun.',
    },
    retype: { label: 'Vahvistuskoodi sähköpostista', button: 'Näytä pyyntö' },
    detailLabel: 'Lisätieto (englanniksi):',
  },
};
