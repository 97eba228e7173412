import type { ProgrammeProfile } from '../audit/programme-profile';
import { themeFor } from '../audit/programme-profile';
import type { HeadlinesView, ServiceAreaRowView } from '../cards/view-models';
import type { AllocationDetail } from '../store/allocations-repo';

const done = (a: AllocationDetail): boolean => a.status === 'returned' || a.status === 'overseen';

/**
 * A first headlines view from one month's allocations: allocated (exempted ones excluded), completed, rate, and
 * final grades (moderated where QA moderated). The full report model lives in report/; swap this for it.
 */
export function headlinesView(profile: ProgrammeProfile, month: string, rows: readonly AllocationDetail[]): HeadlinesView {
  const counted = rows.filter((a) => a.status !== 'exempted');
  const completed = counted.filter(done);
  const rate = (c: number, n: number): number => (n === 0 ? 0 : c / n);
  const scale = profile.grading.mode === 'graded' ? profile.grading.scale : [];
  const gradeCounts = scale.map((grade) => ({ grade, count: completed.filter((a) => (a.moderatedGrade ?? a.grade) === grade).length }));
  const serviceAreas: ServiceAreaRowView[] = [...new Set(counted.map((a) => a.serviceArea))].sort().map((area) => {
    const inArea = counted.filter((a) => a.serviceArea === area);
    const areaDone = inArea.filter(done);
    return {
      serviceArea: area,
      allocated: inArea.length,
      completed: areaDone.length,
      completionRate: rate(areaDone.length, inArea.length),
      inadequate: areaDone.filter((a) => (a.moderatedGrade ?? a.grade) === 'Inadequate').length,
    };
  });
  const theme = themeFor(profile, month);
  return {
    month,
    completionRate: rate(completed.length, counted.length),
    completed: completed.length,
    allocated: counted.length,
    gradeCounts,
    changeOnLastMonth: 'Not compared yet',
    serviceAreas,
    topThemes: theme ? [theme] : [],
  };
}
