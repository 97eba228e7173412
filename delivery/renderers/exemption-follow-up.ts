import { RenderError, type Renderer } from './render-context';

// PLACEHOLDER: replaced by the renderer being built for #16.
export const renderExemptionFollowUp: Renderer<'exemption-follow-up'> = async () => {
  throw new RenderError('UNKNOWN_KIND', "no card for outbox kind 'exemption-follow-up' yet");
};
