// Suomenkieliset vahvistussivut. Sanat ja sävy ovat samat kuin sähköposteissa; nimet ja roolit ovat
// lauseissa taivuttamattomina.
import { fi as words } from '../language/fi';
import type { PageWords, SentenceView } from './words';

const endedOn = (v: SentenceView, rest: string) =>
  v.completedAt ? `Pyyntö päättyi ${v.completedAt}, eikä ${rest}.` : `Pyyntö on päättynyt, eikä ${rest}.`;
const because = (v: SentenceView) => (v.why ? `${v.why} ` : '');

export const fi: PageWords = {
  words,
  product: 'Palveluiden yhteyshenkilöt',
  eyebrow: 'Yhteyshenkilön vaihtopyyntö',
  errorPrefix: 'Virhe: ',
  youMark: '(sinä)',
  facts: {
    heading: 'Pyyntö',
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
      v.youAre.asker && v.youAre.to
        ? `Pyysit, että sinusta tulee itse palvelun ${v.serviceName} ${v.roles}. Muutos tarvitsee vahvistuksesi.`
        : v.youAre.asker
          ? `Pyysit muutosta palvelun ${v.serviceName} yhteyshenkilöihin: ${v.to} olisi uusi ${v.roles}. Muutos tarvitsee vahvistuksesi.`
          : v.youAre.to
            ? `${v.askedBy} pyytää, että sinusta tulee palvelun ${v.serviceName} ${v.roles}. Muutos tarvitsee vahvistuksesi.`
            : `${v.askedBy} pyytää muutosta palvelun ${v.serviceName} yhteyshenkilöihin: ${v.to} olisi uusi ${v.roles}.`,
    answersHeading: 'Vahvistukset',
    answersNote: 'Mitään ei muuteta ennen kuin kaikki tässä luetellut ovat hyväksyneet muutoksen.',
    status: { accepted: 'Hyväksynyt', refused: 'Hylännyt', pending: 'Ei vielä vastannut' },
    neverAnswered: 'Ei vastannut',
    formHeading: 'Vastauksesi',
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
  status: {
    waiting: (v, fresh) => ({
      title: fresh ? 'Kiitos, hyväksyntäsi on kirjattu' : 'Olet hyväksynyt tämän pyynnön',
      body: `Muutos odottaa vielä vahvistusta seuraavilta: ${v.others}. Muutos tehdään heti, kun kaikki ovat hyväksyneet sen.`,
      next: `Jos näin ei ole tapahtunut ${v.expiresAt} mennessä, pyyntö vanhenee eikä mitään muuteta.`,
    }),
    applying: (v, fresh) => ({
      title: fresh ? 'Kiitos – muutosta tehdään' : 'Kaikki ovat hyväksyneet – muutosta tehdään',
      body: `Kaikki ovat hyväksyneet, ja palvelun ${v.serviceName} yhteyshenkilöitä vaihdetaan parhaillaan. Saat sähköpostin, kun muutos on tehty.`,
    }),
    done: (v, fresh) => {
      const when = v.completedAt ? `Muutos tehtiin ${v.completedAt}` : 'Muutos on tehty';
      const thanks = fresh ? ' Kiitos vahvistuksesta.' : '';
      return {
        title: 'Muutos on tehty',
        body: v.youAre.to
          ? `${when}: olet nyt palvelun ${v.serviceName} ${v.roles}. Edellinen yhteyshenkilö oli ${v.from}.${thanks}`
          : v.youAre.from
            ? `${when}: et ole enää palvelun ${v.serviceName} ${v.roles}. Uusi yhteyshenkilö on ${v.to}.${thanks}`
            : `${when}: ${v.to} on nyt palvelun ${v.serviceName} ${v.roles}. Edellinen yhteyshenkilö oli ${v.from}.${thanks}`,
      };
    },
    refused: (v, byYou) => ({
      title: byYou ? 'Hylkäsit pyynnön' : 'Pyyntö hylättiin',
      body: `${because(v)}${endedOn(v, 'mitään muuteta')}`,
    }),
    expired: (v) => ({
      title: 'Pyyntö on vanhentunut',
      body: `Kaikki eivät vahvistaneet sitä ${v.expiresAt} mennessä, joten mitään ei muuteta. ${v.why ?? ''}`.trim(),
    }),
    cancelled: (v) => ({
      title: 'Pyyntö peruttiin',
      body: `${because(v)}${endedOn(v, 'mitään muuteta')}`,
    }),
    failed: (v) => ({
      title: 'Muutosta ei voitu tehdä',
      body: `${because(v)}${endedOn(v, 'mitään muutettu')}`,
    }),
    askAgain: 'Jos muutosta tarvitaan yhä, voit tehdä uuden pyynnön hallintapaneelissa.',
  },
  batch: {
    eyebrow: 'Yhteyshenkilön vaihtopyyntö usealle palvelulle',
    title: (count) => `Vahvista yhteyshenkilön vaihto ${count} palvelulle`,
    intro: ({ askedBy, count, youAsked }) =>
      youAsked
        ? `Pyysit samaa yhteyshenkilön vaihtoa ${count} palvelulle. Vaihto tarvitsee vahvistuksesi jokaiselle alla luetellulle palvelulle; yksi vastaus koskee niitä kaikkia.`
        : `${askedBy} pyytää yhteyshenkilön vaihtoa ${count} palvelulle. Vaihto tarvitsee vahvistuksesi jokaiselle alla luetellulle palvelulle; yksi vastaus koskee niitä kaikkia.`,
    servicesHeading: 'Palvelut',
    change: ({ roles, from, to }) => `${roles.charAt(0).toUpperCase()}${roles.slice(1)}: ${from} → ${to}`,
    acceptMeans:
      'Hyväksymällä vahvistat vaihdon kaikille luetelluille palveluille; kunkin palvelun vaihto tulee voimaan, kun kaikki siitä kysytyt ovat vahvistaneet sen.',
    refuseMeans: 'Hylkäämällä päätät pyynnön kaikilla luetelluilla palveluilla; niihin ei muuteta mitään.',
    state: {
      awaiting_confirmation: 'Ei vielä vastannut',
      waiting: 'Odottaa muita',
      applying: 'Tekeillä',
      done: 'Tehty',
      refused: 'Hylätty',
      expired: 'Vanhentunut',
      cancelled: 'Peruttu',
      failed: 'Ei onnistunut',
    },
    answered: ({ accepted, refused, fresh }) =>
      fresh && refused === 0
        ? {
            title: 'Kiitos, hyväksyntäsi on kirjattu',
            body: `Hyväksyit vaihdon ${accepted} palvelulle. Kunkin palvelun vaihto tehdään heti, kun kaikki siitä kysytyt ovat hyväksyneet sen; saat sähköpostin, kun kaikki on tehty.`,
          }
        : fresh
          ? {
              title: 'Hylkäsit vaihdon',
              body: `Hylkäsit vaihdon ${refused} palvelulle: niihin ei muuteta mitään.`,
            }
          : {
              title: 'Olet vastannut',
              body: 'Mikään tässä ei enää odota vastaustasi. Alla näkyy, missä kunkin palvelun vaihto on.',
            },
  },
  enterCode: {
    title: 'Kirjoita vahvistuskoodisi',
    body: 'Kirjoita koodi, jonka lähetimme sinulle sähköpostitse tästä pyynnöstä. Sen jälkeen näet pyynnön ja voit hyväksyä tai hylätä sen.',
    label: 'Vahvistuskoodi',
    button: 'Näytä pyyntö',
  },
  problem: {
    invalidCode: {
      title: 'Koodi ei kelpaa',
      body: 'Koodi on väärä, jo käytetty tai korvattu uudemmalla. Tarkista koodi viimeisimmästä sähköpostista, jonka lähetimme sinulle, ja kirjoita se uudelleen.',
      field: 'Koodi on väärä, käytetty tai korvattu. Tarkista koodi ja yritä uudelleen.',
    },
    tooManyAttempts: (maxTries) => ({
      title: 'Liian monta väärää koodia',
      body: `Turvallisuussyistä tällä koodilla ei voi enää vastata ${maxTries} väärän yrityksen jälkeen.`,
      next:
        'Jos haluat vastata, pyydä viesti uudelleen: kirjaudu hallintapaneeliin, avaa pyyntö ja valitse ”Lähetä koodini uudelleen”. ' +
        'Uudessa viestissä on uusi koodi, ja vanha lakkaa toimimasta.',
    }),
    tooManyCodes: (minutes) => ({
      title: 'Liian monta toimimatonta koodia',
      body: `Tälle pyynnölle on annettu liian monta koodia, jotka eivät ole kenenkään, tai niitä on tullut liian monta osoitteestasi. Yritä uudelleen ${minutes} minuutin kuluttua.`,
      next: 'Viimeisimmässä sinulle lähettämässämme sähköpostissa oleva koodi toimii edelleen, eikä kukaan muu voi estää sitä toimimasta.',
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
  },
};
