// Suomenkieliset sanat, yhteiset sähköposteille ja vahvistussivuille. Nimet ja tunnukset ovat
// lauseissa taivuttamattomina: ne ovat joko subjektina tai sanan "tili" perässä.
import type { Handle } from '../domain/model';
import { listInWords } from './people';
import type { People, Vocabulary } from './types';

const list = (items: readonly string[]) => listInWords('fi-FI', items);

function subjects(nics: readonly Handle[], people: People): { you: boolean; others: string[] } {
  return {
    you: people.you !== undefined && nics.includes(people.you),
    others: nics.filter((nic) => nic !== people.you).map(people.name),
  };
}

export const fi: Vocabulary = {
  locale: 'fi-FI',
  roleNames: {
    admin: 'hallinnollinen yhteyshenkilö',
    tech: 'tekninen yhteyshenkilö',
    billing: 'laskutusyhteyshenkilö',
  },
  roleMeanings: {
    admin:
      'Hallinnollinen yhteyshenkilö: hoitaa hallinnolliset ja tekniset asiat ja voi vaihtaa palvelun kaikki yhteyshenkilöt.',
    tech: 'Tekninen yhteyshenkilö: hoitaa vain tekniset asiat.',
    billing:
      'Laskutusyhteyshenkilö: hoitaa vain laskutuksen ja on ainoa yhteyshenkilö, joka saa uusimismuistutukset.',
  },
  rolesHeading: 'Mitä roolit tarkoittavat:',
  adminWarning:
    'Huomaa: hallinnollinen yhteyshenkilö voi muuttaa myös palvelun omistajan tietoja. ' +
    'Anna rooli vain henkilölle, johon luotat.',
  why(why, people) {
    const [first = ''] = why.nics;
    const mine = first === people.you;
    switch (why.code) {
      case 'refused':
        return mine ? 'Hylkäsit muutoksen.' : `${people.name(first)} hylkäsi muutoksen.`;
      case 'cancelled':
        return mine ? 'Peruit pyynnön.' : `${people.name(first)} perui pyynnön.`;
      case 'not_confirmed_in_time': {
        const { you, others } = subjects(why.nics, people);
        if (you && others.length > 0) return `Sinä ja ${list(others)} ette vahvistaneet sitä ajoissa.`;
        if (you) return 'Et vahvistanut sitä ajoissa.';
        if (others.length === 1) return `${others[0]} ei vahvistanut sitä ajoissa.`;
        return others.length > 1
          ? `${list(others)} eivät vahvistaneet sitä ajoissa.`
          : 'Sitä ei vahvistettu ajoissa.';
      }
      case 'contacts_moved':
        return 'Palvelun yhteyshenkilöt muuttuivat muuta kautta, kun pyyntö oli avoinna.';
      case 'authority_lost':
        return mine
          ? 'Sinulla ei ole enää roolia, joka oikeuttaisi tähän muutokseen.'
          : `Pyynnön tehneellä tilillä ${people.name(first)} ei ole enää roolia, joka oikeuttaisi tähän muutokseen.`;
      // Whose invoices are unpaid is told only to that account (issue "Hardening": privacy).
      case 'unpaid_invoices':
        return why.nics.some((nic) => nic === people.you)
          ? 'Laskutusyhteyshenkilöä ei voi vaihtaa, koska tililläsi on maksamattomia laskuja.'
          : 'Laskutusyhteyshenkilöä ei voi vaihtaa, koska jollakin muutokseen liittyvällä laskutusyhteyshenkilöllä on maksamattomia laskuja.';
      case 'no_payment_method':
        return why.nics.some((nic) => nic === people.you)
          ? 'Et voi tulla laskutusyhteyshenkilöksi, koska tililläsi ei ole voimassa olevaa maksutapaa.'
          : 'Laskutusyhteyshenkilöä ei voi vaihtaa, koska uudella laskutusyhteyshenkilöllä ei ole voimassa olevaa maksutapaa.';
      case 'fault':
        return 'Pyyntö keskeytyi meidän päässämme sattuneen vian vuoksi. Mitään ei muutettu; tee pyyntö uudelleen, jos muutosta tarvitaan yhä.';
    }
  },
};
