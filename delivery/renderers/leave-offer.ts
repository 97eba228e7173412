import { RenderError, type Renderer } from './render-context';

// PLACEHOLDER: replaced by the renderer being built for #16.
export const renderLeaveOffer: Renderer<'leave-offer'> = async () => {
  throw new RenderError('UNKNOWN_KIND', "no card for outbox kind 'leave-offer' yet");
};
