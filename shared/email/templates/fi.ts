// Suomenkieliset viestit. Kukin saa viestin, joka koskee juuri häntä: pyytäjä, uusi yhteyshenkilö ja
// vanha yhteyshenkilö, jolle vain kerrotaan. Nimet ja roolit ovat lauseissa taivuttamattomina.
import { fi as words } from '../../language/fi';
import type { FinalState } from '../../domain/model';
import type { Block, EmailContent, KindViews, LanguagePack, RequestView } from './types';

const p = (text: string): Block => ({ type: 'paragraph', text });

function facts(v: RequestView, { open, done = false }: { open: boolean; done?: boolean }): Block {
  const rows: Array<[string, string]> = [
    ['Palvelu', v.serviceName],
    [v.roleCount === 1 ? 'Rooli' : 'Roolit', v.roles],
    [done ? 'Edellinen yhteyshenkilö' : 'Nykyinen yhteyshenkilö', v.from],
    ['Uusi yhteyshenkilö', v.to],
    ['Pyytäjä', v.askedBy],
  ];
  if (v.notified) rows.push(['Tiedoksi', v.notified]);
  if (open) rows.push(['Voimassa asti', v.expiresAt]);
  rows.push(['Pyynnön tunnus', v.id]);
  return { type: 'facts', rows };
}

const rolesExplained = (v: { roleLines: string[]; adminMoves: boolean }): Block[] => [
  { type: 'list', label: words.rolesHeading, items: v.roleLines },
  ...(v.adminMoves ? [{ type: 'warning', text: words.adminWarning } as const] : []),
];

const panel = (href: string | undefined): Block[] =>
  href ? [{ type: 'link', label: 'Pyyntö hallintapaneelissa (kirjaudu sisään nähdäksesi sen):', href }] : [];

function afterEnd(v: RequestView): Block[] {
  if (v.you.asker) return [p('Jos muutosta tarvitaan yhä, voit tehdä uuden pyynnön hallintapaneelissa.')];
  if (v.you.to && !v.you.answered)
    return [p('Sinulle lähetetty koodi ei enää toimi. Sinun ei tarvitse tehdä mitään.')];
  if (v.you.to) return [p('Sinun ei tarvitse tehdä mitään.')];
  return [p(`Olet edelleen palvelun ${v.serviceName} ${v.roles}. Sinun ei tarvitse tehdä mitään.`)];
}

export function code(v: KindViews['code']) {
  const several = v.asks.length > 1;
  const subject = v.resent
    ? `Uusi vahvistuskoodisi yhteyshenkilön vaihtoon: ${v.serviceName}`
    : v.asker
      ? `Vahvista pyytämäsi yhteyshenkilön vaihto: ${v.serviceName}`
      : `Vahvista: sinua pyydetään palvelun ${v.serviceName} yhteyshenkilöksi`;
  const intro = v.asker
    ? several
      ? `Pyysit muutosta palvelun ${v.serviceName} yhteyshenkilöihin. Siitä tuli ${v.asks.length} muutosta, ja jokainen tarvitsee vahvistuksesi omalla koodillaan alla.`
      : `Pyysit muutosta palvelun ${v.serviceName} yhteyshenkilöihin. Muutos tarvitsee vahvistuksesi.`
    : `${v.askedBy} pyytää, että sinusta tulee palvelun ${v.serviceName} ${v.yourRoles}. ` +
      (several
        ? 'Jokainen muutos tarvitsee vahvistuksesi omalla koodillaan alla.'
        : 'Muutos tarvitsee vahvistuksesi.');
  return {
    subject,
    blocks: [
      p(intro),
      ...(v.resent ? [p('Tässä on uusi koodi. Aiemmin lähetetty koodi ei enää toimi.')] : []),
      ...(v.others ? [p(`Lähetimme vahvistuskoodin myös seuraaville: ${v.others}.`)] : []),
      ...rolesExplained(v),
      ...v.asks.flatMap(({ request, code, link, panelLink }, i): Block[] => [
        ...(several
          ? [{ type: 'heading', text: `Muutos ${i + 1}/${v.asks.length}: ${request.roles}` } as const]
          : []),
        facts(request, { open: false }),
        { type: 'code', label: 'Vahvistuskoodisi:', code },
        {
          type: 'action',
          label: 'Voit hyväksyä tai hylätä muutoksen tällä sivulla. Koodi on täytetty sinne valmiiksi:',
          button: 'Hyväksy tai hylkää',
          href: link,
        },
        ...panel(panelLink),
      ]),
      p(
        several
          ? `Koodit ovat voimassa ${v.expiresAt} asti. Ne ovat henkilökohtaisia ja toimivat vain kerran – älä anna niitä muille.`
          : `Koodi on voimassa ${v.expiresAt} asti. Se on henkilökohtainen ja toimii vain kerran – älä anna sitä muille.`,
      ),
      p(
        'Jos et odottanut tätä, hylkää muutos samalla sivulla. Mitään ei muuteta ennen kuin kaikki, ' +
          'joilta vahvistusta pyydettiin, ovat hyväksyneet sen.',
      ),
    ],
  };
}

const ENDED: Record<FinalState, string> = {
  done: 'tehty',
  refused: 'hylätty',
  expired: 'ei vahvistettu ajoissa',
  failed: 'epäonnistui',
  cancelled: 'peruttu',
};

export function batchOutcome(v: KindViews['batch_outcome']) {
  const services = v.serviceName ?? `${v.serviceCount} palvelua`;
  const ofServices = v.serviceName ? `palvelun ${v.serviceName}` : `${v.serviceCount} palvelun`;
  const all = (state: FinalState) => v.lines.every((line) => line.state === state);
  const [subject, intro] = all('cancelled')
    ? [
        `Yhteyshenkilön vaihto peruttiin: ${services}`,
        `Kerralla pyydetty ${ofServices} yhteyshenkilöiden muutos peruttiin. Mitään ei muutettu.`,
      ]
    : all('done')
      ? [
          `Yhteyshenkilön vaihto on tehty: ${services}`,
          `Kerralla pyydetty ${ofServices} yhteyshenkilöiden muutos on tehty niihin kaikkiin.`,
        ]
      : [
          `Yhteyshenkilön vaihto on päättynyt: ${services}`,
          `Kerralla pyydetty ${ofServices} yhteyshenkilöiden muutos on päättynyt. Osa muutoksista tehtiin ja osa ei: ` +
            'katso alta, miten kukin päättyi.',
        ];
  return {
    subject,
    blocks: [
      p(intro),
      {
        type: 'list',
        label: `Miten kukin muutos päättyi (${v.lines.length}):`,
        items: v.lines.map(({ change, state, why }) => `${change}: ${ENDED[state]}.${why ? ` ${why}` : ''}`),
      } as const,
      {
        type: 'link',
        label: 'Pyyntösi hallintapaneelissa (kirjaudu sisään nähdäksesi ne):',
        href: v.panelLink,
      } as const,
      p('Sinun ei tarvitse tehdä mitään.'),
    ],
  };
}

export function batchCode(v: KindViews['batch_code']) {
  const subject = v.resent
    ? `Uusi vahvistuskoodisi yhteyshenkilön vaihtoon: ${v.serviceName ?? `${v.serviceCount} palvelua`}`
    : v.asker
      ? `Vahvista pyytämäsi yhteyshenkilön vaihto: ${v.serviceName ?? `${v.serviceCount} palvelua`}`
      : `Vahvista: sinua pyydetään ${v.serviceName ? `palvelun ${v.serviceName}` : `${v.serviceCount} palvelun`} yhteyshenkilöksi`;
  const intro = v.asker
    ? `Pyysit muutosta ${v.serviceName ? `palvelun ${v.serviceName}` : `${v.serviceCount} palvelun`} yhteyshenkilöihin kerralla. ` +
      'Voit vahvistaa muutoksen niihin kaikkiin alla olevalla koodilla tai vastata kunkin palvelun muutokseen erikseen samalla koodilla.'
    : `${v.askedBy} pyytää, että sinusta tulee ${v.serviceName ? `palvelun ${v.serviceName}` : `${v.serviceCount} palvelun`} ${v.yourRoles}. ` +
      'Voit vastata niihin kaikkiin alla olevalla koodilla tai kuhunkin palveluun erikseen samalla koodilla.';
  return {
    subject,
    blocks: [
      p(intro),
      ...(v.resent ? [p('Tässä on uusi koodi. Aiemmin lähetetty koodi ei enää toimi.')] : []),
      ...(v.others ? [p(`Lähetimme vahvistuskoodin myös seuraaville: ${v.others}.`)] : []),
      {
        type: 'list',
        label: `Muutokset, joita sinulta pyydetään vahvistamaan (${v.lines.length}):`,
        items: v.lines,
      } as const,
      ...rolesExplained(v),
      { type: 'code', label: 'Vahvistuskoodisi niihin kaikkiin:', code: v.code } as const,
      {
        type: 'action',
        label: 'Voit hyväksyä tai hylätä ne kaikki tällä sivulla. Koodi on täytetty sinne valmiiksi:',
        button: 'Hyväksy tai hylkää',
        href: v.link,
      } as const,
      {
        type: 'link',
        label: 'Pyyntösi hallintapaneelissa (kirjaudu sisään nähdäksesi ne):',
        href: v.panelLink,
      } as const,
      p(`Koodi on voimassa ${v.expiresAt} asti. Se on henkilökohtainen – älä anna sitä muille.`),
      p(
        'Jos et odottanut tätä, hylkää muutos samalla sivulla. Palvelun yhteyshenkilöitä ei muuteta ennen kuin kaikki, ' +
          'joilta vahvistusta pyydettiin, ovat hyväksyneet muutoksen.',
      ),
    ],
  };
}

export function batchReminder(v: KindViews['batch_reminder']) {
  const ofServices = v.serviceName ? `palvelun ${v.serviceName}` : `${v.serviceCount} palvelun`;
  return {
    subject: `Muistutus: ${ofServices} yhteyshenkilöiden muutospyyntö päättyy pian`,
    blocks: [
      p(
        `Kerralla pyydetty ${ofServices} yhteyshenkilöiden muutos odottaa yhä vastaustasi. Pyyntö päättyy ${v.expiresAt}. ` +
          'Palvelun yhteyshenkilöitä ei muuteta, jos muutosta ei ole vahvistettu siihen mennessä.',
      ),
      {
        type: 'list',
        label: `Vastaustasi odottavat muutokset (${v.lines.length}):`,
        items: v.lines,
      } as const,
      p(
        'Vastaa koodilla, jonka lähetimme sinulle aiemmin: se toimii yhä niihin kaikkiin. ' +
          'Viestin linkki avaa sivun, jolla voit hyväksyä tai hylätä ne kaikki.',
      ),
      p(
        'Onko alkuperäinen viesti kadonnut? Avaa pyyntösi hallintapaneelissa ja valitse ”Lähetä koodini uudelleen”: ' +
          'saat uuden koodin, ja vanha lakkaa toimimasta.',
      ),
      {
        type: 'link',
        label: 'Pyyntösi hallintapaneelissa (kirjaudu sisään nähdäksesi ne):',
        href: v.panelLink,
      } as const,
    ],
  };
}

export function batchCodeBounced(v: KindViews['batch_code_bounced']) {
  const services = v.serviceName ?? `${v.serviceCount} palvelua`;
  const ofServices = v.serviceName ? `palvelun ${v.serviceName}` : `${v.serviceCount} palvelun`;
  return {
    subject: `Yhteyshenkilöiden muutoksen vahvistuskoodi ei tavoittanut henkilöä ${v.confirmer}: ${services}`,
    blocks: [
      p(
        `Emme saaneet toimitettua ${ofServices} yhteyshenkilöiden muutoksen vahvistuskoodia henkilölle ${v.confirmer}: ` +
          'hänen sähköpostipalvelimensa hylkäsi viestin.',
      ),
      {
        type: 'list',
        label: `Henkilön ${v.confirmer} vastausta odottavat muutokset (${v.lines.length}):`,
        items: v.lines,
      } as const,
      p(
        `Pyydä henkilöä ${v.confirmer} korjaamaan sähköpostiosoitteensa hallintapaneelissa. Avaa sen jälkeen pyyntösi ` +
          'siellä ja valitse ”Lähetä koodit uudelleen kaikille, jotka eivät ole vastanneet”: yksi uusi koodi ' +
          'niihin kaikkiin lähtee korjattuun osoitteeseen.',
      ),
      p(`Jos näin ei tehdä, pyynnöt vanhenevat ${v.expiresAt} eikä mitään muuteta.`),
      {
        type: 'link',
        label: 'Pyyntösi hallintapaneelissa (kirjaudu sisään nähdäksesi ne):',
        href: v.panelLink,
      } as const,
    ],
  };
}

export function done(v: KindViews['done']) {
  const thanks = v.you.asker || v.you.to ? ' Kiitos vahvistuksesta.' : '';
  if (v.you.to) {
    return {
      subject: `Olet nyt palvelun ${v.serviceName} ${v.roles}`,
      blocks: [
        p(
          `Muutos on tehty: olet nyt palvelun ${v.serviceName} ${v.roles}. Edellinen yhteyshenkilö oli ${v.from}.${thanks}`,
        ),
        ...rolesExplained(v),
        facts(v, { open: false, done: true }),
      ],
    };
  }
  if (v.you.from) {
    return {
      subject: `Et ole enää palvelun ${v.serviceName} ${v.roles}`,
      blocks: [
        p(
          `Muutos on tehty: et ole enää palvelun ${v.serviceName} ${v.roles}. Uusi yhteyshenkilö on ${v.to}.${thanks}`,
        ),
        ...(v.fromHasNoRole
          ? [
              p(
                `Sinulla ei ole enää muita rooleja palvelussa ${v.serviceName}, joten et jatkossa saa sitä koskevia viestejä.`,
              ),
            ]
          : []),
        ...(v.you.asker
          ? []
          : [
              p(
                `Muutosta pyysi ${v.askedBy}, ja sen vahvistivat kaikki, joiden vahvistusta tarvittiin. ` +
                  'Jos muutos on mielestäsi virheellinen, ota yhteyttä asiakaspalveluun.',
              ),
            ]),
        facts(v, { open: false, done: true }),
      ],
    };
  }
  return {
    subject: `Palvelun ${v.serviceName} yhteyshenkilön vaihto on tehty`,
    blocks: [
      p(
        `Pyytämäsi muutos on tehty: ${v.to} on nyt palvelun ${v.serviceName} ${v.roles}. Edellinen yhteyshenkilö oli ${v.from}.${thanks}`,
      ),
      facts(v, { open: false, done: true }),
    ],
  };
}

export const fi: LanguagePack = {
  words,
  greeting: (name) => `Hei ${name},`,
  signOff: (provider) => ['Ystävällisin terveisin', `${provider}, asiakaspalvelu`],
  footer: (provider) => `${provider} · Tämä on automaattinen viesti, eikä siihen voi vastata.`,
};

export const reminder = (v: KindViews['reminder']): EmailContent => ({
  subject: `Muistutus: palvelun ${v.serviceName} yhteyshenkilön vaihtopyyntö päättyy pian`,
  blocks: [
    p(
      `Palvelun ${v.serviceName} yhteyshenkilöiden muutospyyntö odottaa yhä vastaustasi. ` +
        `Pyyntö päättyy ${v.expiresAt}. Jos sitä ei ole vahvistettu siihen mennessä, mitään ei muuteta.`,
    ),
    facts(v, { open: true }),
    {
      type: 'action',
      label: 'Vastaa tällä sivulla koodilla, jonka lähetimme sinulle aiemmin: se toimii yhä.',
      button: 'Vastaa pyyntöön',
      href: v.link,
    },
    p(
      'Onko alkuperäinen viesti kadonnut? Avaa pyyntö hallintapaneelissa ja valitse ”Lähetä koodini uudelleen”: ' +
        'saat uuden koodin, ja vanha lakkaa toimimasta.',
    ),
    ...panel(v.panelLink),
  ],
});

export const waiting = (v: KindViews['waiting']): EmailContent => ({
  subject: `Kiitos vahvistuksesta – palvelun ${v.serviceName} muutos odottaa vielä muita`,
  blocks: [
    p(`Kiitos, hyväksyntäsi on kirjattu. Muutos odottaa vielä vahvistusta seuraavilta: ${v.others}.`),
    p(
      'Muutos tehdään heti, kun kaikki ovat hyväksyneet sen. ' +
        `Jos näin ei ole tapahtunut ${v.expiresAt} mennessä, pyyntö vanhenee eikä mitään muuteta.`,
    ),
    facts(v, { open: true }),
    ...panel(v.panelLink),
  ],
});

export const refused = (v: KindViews['refused']): EmailContent => ({
  subject: v.refuser
    ? `Hylkäsit palvelun ${v.serviceName} yhteyshenkilön vaihdon`
    : `Palvelun ${v.serviceName} yhteyshenkilön vaihto hylättiin`,
  blocks: [
    p(
      `${v.why ?? ''} Pyyntö muuttaa palvelun ${v.serviceName} yhteyshenkilöitä on päättynyt, eikä mitään muuteta.`.trim(),
    ),
    ...(v.refuser ? [] : afterEnd(v)),
    facts(v, { open: false }),
  ],
});

export const expired = (v: KindViews['expired']): EmailContent => ({
  subject: `Palvelun ${v.serviceName} yhteyshenkilön vaihtopyyntö vanheni`,
  blocks: [
    p(
      `Kaikki eivät vahvistaneet pyyntöä muuttaa palvelun ${v.serviceName} yhteyshenkilöitä ${v.expiresAt} mennessä, ` +
        'joten pyyntö on vanhentunut eikä mitään muuteta.',
    ),
    ...(v.why ? [p(v.why)] : []),
    ...afterEnd(v),
    facts(v, { open: false }),
  ],
});

export const failed = (v: KindViews['failed']): EmailContent => ({
  subject: `Palvelun ${v.serviceName} yhteyshenkilön vaihtoa ei voitu tehdä`,
  blocks: [
    p(
      `Pyyntöä muuttaa palvelun ${v.serviceName} yhteyshenkilöitä ei voitu toteuttaa, joten mitään ei muutettu.`,
    ),
    ...(v.why ? [p(v.why)] : []),
    ...afterEnd(v),
    facts(v, { open: false }),
  ],
});

export const cancelled = (v: KindViews['cancelled']): EmailContent => ({
  subject: `Palvelun ${v.serviceName} yhteyshenkilön vaihtopyyntö peruttiin`,
  blocks: [
    p(`${v.why ?? 'Pyyntö peruttiin.'} Palvelun ${v.serviceName} yhteyshenkilöihin ei tule muutoksia.`),
    ...afterEnd(v),
    facts(v, { open: false }),
  ],
});

export const codeBounced = (v: KindViews['code_bounced']): EmailContent => ({
  subject: `Vahvistuskoodi ei tavoittanut henkilöä ${v.confirmer}: ${v.serviceName}`,
  blocks: [
    p(
      `Emme saaneet toimitettua palvelun ${v.serviceName} yhteyshenkilön vaihdon vahvistuskoodia ` +
        `henkilölle ${v.confirmer}: hänen sähköpostipalvelimensa hylkäsi viestin.`,
    ),
    p(
      `Pyydä henkilöä ${v.confirmer} korjaamaan sähköpostiosoitteensa hallintapaneelissa. ` +
        'Avaa sen jälkeen pyyntö siellä ja valitse ”Lähetä koodit uudelleen kaikille, jotka eivät ole vastanneet”: ' +
        'uusi koodi lähtee korjattuun osoitteeseen.',
    ),
    p(`Jos näin ei tehdä, pyyntö vanhenee ${v.expiresAt} eikä mitään muuteta.`),
    facts(v, { open: true }),
    ...panel(v.panelLink),
  ],
});

export const emailChangeCode = (v: KindViews['email_change_code']): EmailContent => ({
  subject: `Vahvista tilisi ${v.nic} uusi sähköpostiosoite`,
  blocks: [
    p(
      `Pyysit, että tilin ${v.nic} sähköpostiosoitteeksi vaihdetaan ${v.newEmail}. ` +
        'Osoite vaihtuu vasta, kun syötät tämän koodin hallintapaneeliin.',
    ),
    { type: 'code', label: 'Vahvistuskoodisi:', code: v.code },
    {
      type: 'action',
      label: 'Tai avaa profiilisi, jossa koodi on valmiina:',
      button: 'Vahvista osoite',
      href: v.link,
    },
    p(`Koodi toimii ${v.until} asti. Jos et pyytänyt tätä, voit jättää viestin huomiotta: mikään ei muutu.`),
  ],
});

export const emailChangeStarted = (v: KindViews['email_change_started']): EmailContent => ({
  subject: `Tilisi ${v.nic} sähköpostiosoitteen vaihtoa on pyydetty`,
  blocks: [
    p(`Tunnuksella ${v.nic} kirjautunut pyysi vaihtamaan tilin sähköpostiosoitteeksi ${v.newEmail}.`),
    p(
      `Mikään ei muutu, ellei osoitteeseen ${v.newEmail} lähetettyä koodia syötetä ${v.until} mennessä. ` +
        'Siihen asti kaikki viestit ja vahvistuskoodit tulevat edelleen tähän osoitteeseen.',
    ),
    {
      type: 'action',
      label: 'Jos et pyytänyt tätä, pysäytä vaihto tästä: osoite pysyy ennallaan.',
      button: 'Pysäytä osoitteen vaihto',
      href: v.cancelLink,
    },
    p('Kirjaudu silloin myös sisään, vaihda salasanasi ja ota yhteyttä asiakaspalveluun.'),
  ],
});

export const emailChanged = (v: KindViews['email_changed']): EmailContent => ({
  subject: `Tilisi ${v.nic} sähköpostiosoite on vaihdettu`,
  blocks: [
    p(
      `Tilin ${v.nic} sähköpostiosoitteeksi on vaihdettu ${v.newEmail}. ` +
        'Palveluitasi koskevat viestit ja vahvistuskoodit lähetetään tästä lähtien uuteen osoitteeseen.',
    ),
    p('Jos et tehnyt muutosta itse, ota heti yhteyttä asiakaspalveluun.'),
  ],
});
