import { RenderError, type Renderer } from './render-context';

// PLACEHOLDER: replaced by the renderer being built for #16.
export const renderOversightList: Renderer<'oversight-list'> = async () => {
  throw new RenderError('UNKNOWN_KIND', "no card for outbox kind 'oversight-list' yet");
};
