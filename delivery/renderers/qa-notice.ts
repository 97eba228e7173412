import { card, header, text } from '../../cards/card-parts';
import type { Renderer } from './render-context';

export const renderQaNotice: Renderer<'qa-notice'> = async (p) => {
  const body = [...header('For Quality Assurance'), text(p.reason, { wrap: true })];
  if (p.caseRef !== undefined && p.caseRef !== null) body.push(text(`Case ${p.caseRef}`, { isSubtle: true }));
  return card(body, { fallbackText: `QA notice: ${p.reason}` });
};
