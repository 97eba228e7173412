import { CardFactory, type Attachment } from 'botbuilder';
import type { AdaptiveCard } from '../cards/adaptive-card-types';
import { buildErrorCard } from '../cards/error-card';

export function cardAttachment(card: AdaptiveCard): Attachment {
  return CardFactory.adaptiveCard(card);
}

/** The one way the bot reports a problem to a user: what went wrong, what to do, a code; never internals. */
export function errorCard(code: string, whatWentWrong: string, whatToDo: string): AdaptiveCard {
  return buildErrorCard({ whatWentWrong, whatToDo, code });
}

export function unknownPersonCard(): AdaptiveCard {
  return errorCard(
    'PERSON_UNKNOWN',
    'Audit Loop does not know who you are yet: your Teams account is not linked to anyone in the audit programme.',
    'Ask the QA team to add you to the people list (with your work e-mail address), then try again.',
  );
}
