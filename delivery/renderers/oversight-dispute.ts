import { RenderError, type Renderer } from './render-context';

// PLACEHOLDER: replaced by the renderer being built for #16.
export const renderOversightDispute: Renderer<'oversight-dispute'> = async () => {
  throw new RenderError('UNKNOWN_KIND', "no card for outbox kind 'oversight-dispute' yet");
};
