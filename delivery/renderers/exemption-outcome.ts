import { RenderError, type Renderer } from './render-context';

// PLACEHOLDER: replaced by the renderer being built for #16.
export const renderExemptionOutcome: Renderer<'exemption-outcome'> = async () => {
  throw new RenderError('UNKNOWN_KIND', "no card for outbox kind 'exemption-outcome' yet");
};
