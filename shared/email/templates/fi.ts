// Suomenkieliset viestit. Roolit ja tunnukset ovat taulukossa, jotta lauseissa ei tarvitse taivuttaa
// käyttäjän antamia nimiä eikä roolien nimiä.
import type { Block, LanguagePack, RequestView } from './types';

function facts(v: RequestView, { open }: { open: boolean }): Block {
  const rows: Array<[string, string]> = [
    ['Palvelu', v.serviceName],
    [v.roleCount === 1 ? 'Rooli' : 'Roolit', v.roles],
    ['Muutos', `${v.from} → ${v.to}`],
    ['Pyytäjä', v.askedBy],
    ['Pyynnön tunnus', v.id],
  ];
  if (open) rows.push(['Voimassa asti', v.expiresAt]);
  return { type: 'facts', rows };
}

const p = (text: string): Block => ({ type: 'paragraph', text });
// `reason` is the API's English: each end that can be said in Finnish is, and the rest is marked.
const reasonLine = (reason: string | undefined): Block[] =>
  reason ? [p(`Syy (englanniksi): ${reason}`)] : [];
const refusedLine = (v: { refusedBy?: string; reason?: string }): Block[] =>
  v.refusedBy ? [p(`Syy: ${v.refusedBy} hylkäsi muutoksen.`)] : reasonLine(v.reason);
const expiredLine = (v: { notConfirmedBy?: string; reason?: string }): Block[] =>
  v.notConfirmedBy ? [p(`Ajoissa vahvistamatta jätti: ${v.notConfirmedBy}.`)] : reasonLine(v.reason);
const newRequestHint = p(
  'Pyyntöön lähetetyt koodit eivät enää toimi. Jos muutosta tarvitaan yhä, uuden pyynnön voi tehdä hallintapaneelissa.',
);

export const fi: LanguagePack = {
  locale: 'fi-FI',
  roleNames: {
    admin: 'hallinnollinen yhteyshenkilö',
    tech: 'tekninen yhteyshenkilö',
    billing: 'laskutusyhteyshenkilö',
  },
  greeting: (name) => `Hei ${name},`,
  signOff: ['Ystävällisin terveisin', 'Asiakaspalvelu'],
  footer: 'Tämä on automaattinen viesti, eikä siihen voi vastata.',
  panelLink: {
    label: 'Pyyntö näkyy myös hallintapaneelissa kohdassa Omat pyynnöt (kirjaudu sisään nähdäksesi sen):',
    button: 'Avaa hallintapaneelissa',
  },
  emails: {
    code: (v) => ({
      subject: `Vahvista yhteyshenkilön vaihto: ${v.serviceName}`,
      blocks: [
        p(
          v.askedBy === v.you
            ? `Pyysit muutosta palvelun ${v.serviceName} yhteyshenkilöihin. Muutos tarvitsee vahvistuksesi.`
            : v.to === v.you
              ? `${v.askedBy} pyytää, että sinusta tulee palvelun ${v.serviceName} yhteyshenkilö. Muutos tarvitsee vahvistuksesi.`
              : `${v.askedBy} pyytää muutosta palvelun ${v.serviceName} yhteyshenkilöihin. Muutos tarvitsee vahvistuksesi.`,
        ),
        facts(v, { open: true }),
        { type: 'code', label: 'Vahvistuskoodisi:', code: v.code },
        {
          type: 'action',
          label: 'Voit hyväksyä tai hylätä pyynnön tällä sivulla. Koodi on täytetty sinne valmiiksi:',
          button: 'Hyväksy tai hylkää',
          href: v.link,
        },
        p(
          `Koodi on voimassa ${v.expiresAt} asti. Se on henkilökohtainen ja toimii vain kerran – älä anna sitä muille.`,
        ),
        p(
          'Jos et odottanut tätä pyyntöä, hylkää se samalla sivulla. Mitään ei muuteta ennen kuin kaikki, ' +
            'joilta vahvistusta pyydettiin, ovat hyväksyneet sen.',
        ),
      ],
    }),

    reminder: (v) => ({
      subject: `Muistutus: palvelun ${v.serviceName} yhteyshenkilön vaihtopyyntö päättyy pian`,
      blocks: [
        p(
          `Palvelun ${v.serviceName} yhteyshenkilöiden muutospyyntö odottaa yhä vastaustasi. ` +
            `Pyyntö päättyy ${v.expiresAt}. Jos sitä ei ole vahvistettu siihen mennessä, mitään ei muuteta.`,
        ),
        facts(v, { open: true }),
        p(
          'Tämän muistutuksen mukana ei tule uutta koodia: aiemmin sähköpostitse saamasi koodi toimii edelleen.',
        ),
        ...(v.link
          ? [
              {
                type: 'action',
                label: 'Voit vastata pyyntöön tällä sivulla saamallasi koodilla:',
                button: 'Vastaa pyyntöön',
                href: v.link,
              } as const,
            ]
          : []),
        p(
          'Onko alkuperäinen viesti kadonnut? Kirjaudu hallintapaneeliin, avaa pyyntö ja pyydä viesti uudelleen ' +
            `(Lähetä uudelleen; rajapinnassa POST /contact-changes/${v.id}/resend). Saat uuden koodin, ja vanha lakkaa toimimasta.`,
        ),
      ],
    }),

    registered: (v) => ({
      subject: `Yhteyshenkilön vaihtopyyntösi on kirjattu: ${v.serviceName}`,
      blocks: [
        p(`Pyyntösi muuttaa palvelun ${v.serviceName} yhteyshenkilöitä on kirjattu.`),
        facts(v, { open: true }),
        p(`Vahvistuskoodi lähetettiin sähköpostitse seuraaville: ${v.others}.`),
        p(
          'Muutos tehdään heti, kun kaikki ovat hyväksyneet sen. ' +
            `Jos sitä ei ole vahvistettu ${v.expiresAt} mennessä, pyyntö vanhenee eikä mitään muuteta.`,
        ),
        p('Voit seurata pyyntöä hallintapaneelissa ja perua sen niin kauan kuin se odottaa vahvistusta.'),
      ],
    }),

    waiting: (v) => ({
      subject: `Kiitos vahvistuksesta – palvelun ${v.serviceName} muutos odottaa vielä muita`,
      blocks: [
        p(`Kiitos, hyväksyntäsi on kirjattu. Muutos odottaa vielä vahvistusta seuraavilta: ${v.others}.`),
        p(
          'Muutos tehdään heti, kun kaikki ovat hyväksyneet sen. ' +
            `Jos näin ei ole tapahtunut ${v.expiresAt} mennessä, pyyntö vanhenee eikä mitään muuteta.`,
        ),
        facts(v, { open: true }),
      ],
    }),

    done: (v) => ({
      subject: `Palvelun ${v.serviceName} yhteyshenkilön vaihto on tehty`,
      blocks: [
        p(`Palvelun ${v.serviceName} yhteyshenkilöt on vaihdettu, ja muutos on voimassa heti.`),
        facts(v, { open: false }),
        p('Kiitos vahvistuksesta.'),
      ],
    }),

    refused: (v) => ({
      subject: `Palvelun ${v.serviceName} yhteyshenkilön vaihto hylättiin`,
      blocks: [
        p(`Pyyntö muuttaa palvelun ${v.serviceName} yhteyshenkilöitä hylättiin, joten mitään ei muuteta.`),
        ...refusedLine(v),
        facts(v, { open: false }),
        newRequestHint,
      ],
    }),

    expired: (v) => ({
      subject: `Palvelun ${v.serviceName} yhteyshenkilön vaihtopyyntö vanheni`,
      blocks: [
        p(
          `Kaikki eivät vahvistaneet pyyntöä muuttaa palvelun ${v.serviceName} yhteyshenkilöitä ${v.expiresAt} mennessä, ` +
            'joten pyyntö on vanhentunut eikä mitään muuteta.',
        ),
        ...expiredLine(v),
        facts(v, { open: false }),
        newRequestHint,
      ],
    }),

    failed: (v) => ({
      subject: `Palvelun ${v.serviceName} yhteyshenkilön vaihtoa ei voitu tehdä`,
      blocks: [
        p(
          `Kaikki hyväksyivät pyynnön muuttaa palvelun ${v.serviceName} yhteyshenkilöitä, mutta muutosta ei voitu tehdä, ` +
            'koska tilanne oli sillä välin muuttunut. Mitään ei muutettu.',
        ),
        ...reasonLine(v.reason),
        facts(v, { open: false }),
        newRequestHint,
      ],
    }),

    cancelled: (v) => ({
      subject: `Palvelun ${v.serviceName} yhteyshenkilön vaihtopyyntö peruttiin`,
      blocks: [
        p(
          v.askedBy === v.you
            ? `Peruit pyyntösi muuttaa palvelun ${v.serviceName} yhteyshenkilöitä.`
            : `${v.askedBy} perui pyynnön muuttaa palvelun ${v.serviceName} yhteyshenkilöitä.`,
        ),
        p('Mitään ei muuteta, eivätkä pyyntöön lähetetyt koodit enää toimi. Sinun ei tarvitse tehdä mitään.'),
        facts(v, { open: false }),
      ],
    }),

    rights_ended: (v) => ({
      subject: `Et ole enää palvelun ${v.serviceName} yhteyshenkilö`,
      blocks: [
        p(
          `Palvelun ${v.serviceName} yhteyshenkilöt on vaihdettu. Sinulla ei ole enää yhtään roolia tässä palvelussa, ` +
            'joten et jatkossa saa sitä koskevia viestejä.',
        ),
        facts(v, { open: false }),
        p(
          `Muutosta pyysi ${v.askedBy}, ja sen vahvistivat kaikki, joiden vahvistusta tarvittiin. ` +
            'Jos muutos on mielestäsi virheellinen, ota yhteyttä asiakaspalveluun.',
        ),
      ],
    }),

    email_change_code: (v) => ({
      subject: `Vahvista tilisi ${v.nic} uusi sähköpostiosoite`,
      blocks: [
        p(
          `Pyysit, että tilin ${v.nic} sähköpostiosoitteeksi vaihdetaan ${v.newEmail}. ` +
            'Osoite vaihtuu vasta, kun syötät tämän koodin ohjauspaneeliin.',
        ),
        { type: 'code', label: 'Vahvistuskoodisi:', code: v.code },
        {
          type: 'action',
          label: 'Tai avaa profiilisi, jossa koodi on valmiina:',
          button: 'Vahvista osoite',
          href: v.link,
        },
        p(
          `Koodi toimii ${v.until} asti. Jos et pyytänyt tätä, voit jättää viestin huomiotta: mikään ei muutu.`,
        ),
      ],
    }),
    email_change_started: (v) => ({
      subject: `Tilisi ${v.nic} sähköpostiosoitteen vaihtoa on pyydetty`,
      blocks: [
        p(`Tunnuksella ${v.nic} kirjautunut pyysi vaihtamaan tilin sähköpostiosoitteeksi ${v.newEmail}.`),
        p(
          `Mikään ei muutu, ellei osoitteeseen ${v.newEmail} lähetettyä koodia syötetä ${v.until} mennessä. ` +
            'Siihen asti kaikki viestit ja vahvistuskoodit tulevat edelleen tähän osoitteeseen.',
        ),
        p('Jos et pyytänyt tätä, kirjaudu sisään, vaihda salasanasi ja ota yhteyttä asiakaspalveluun.'),
      ],
    }),
    email_changed: (v) => ({
      subject: `Tilisi ${v.nic} sähköpostiosoite on vaihdettu`,
      blocks: [
        p(
          `Tilin ${v.nic} sähköpostiosoitteeksi on vaihdettu ${v.newEmail}. ` +
            'Palveluitasi koskevat viestit ja vahvistuskoodit lähetetään tästä lähtien uuteen osoitteeseen.',
        ),
        p('Jos et tehnyt muutosta itse, ota heti yhteyttä asiakaspalveluun.'),
      ],
    }),
  },
};
