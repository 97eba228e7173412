import { buildInadequateStoodDownCard } from '../../cards/inadequate-stood-down-card';
import { allocationOf, type Renderer } from './render-context';

/** QA moderated an Inadequate grade away: the path stops, and those told of it hear so (003). */
export const renderInadequateStoodDown: Renderer<'inadequate-stood-down'> = async (p, _row, ctx) => {
  const a = await allocationOf(ctx, p.allocationId);
  return buildInadequateStoodDownCard({ caseRef: a.caseRef, month: a.month, serviceArea: a.serviceArea, moderatedGrade: p.moderatedGrade });
};
