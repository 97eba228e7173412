import { RenderError, type Renderer } from './render-context';

// PLACEHOLDER: replaced by the renderer being built for #16.
export const renderDisagreementRequest: Renderer<'disagreement-request'> = async () => {
  throw new RenderError('UNKNOWN_KIND', "no card for outbox kind 'disagreement-request' yet");
};
