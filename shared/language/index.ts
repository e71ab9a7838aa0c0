// The vocabulary of each language, for the emails and the pages alike.
import type { Language } from '../domain/model';
import { en } from './en';
import { fi } from './fi';
import type { Vocabulary } from './types';

export const VOCABULARY: Record<Language, Vocabulary> = { fi, en };
