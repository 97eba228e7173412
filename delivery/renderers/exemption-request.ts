import { RenderError, type Renderer } from './render-context';

// PLACEHOLDER: replaced by the renderer being built for #16.
export const renderExemptionRequest: Renderer<'exemption-request'> = async () => {
  throw new RenderError('UNKNOWN_KIND', "no card for outbox kind 'exemption-request' yet");
};
