/** Errors raised while building a card: a view model the bot mapped wrongly. Each says what to fix. */
export type CardErrorCode = 'INVALID_DATE' | 'INVALID_MONTH' | 'INVALID_VIEW_MODEL';

export class CardError extends Error {
  constructor(
    readonly code: CardErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CardError';
  }
}
