import { allocationDue, headlinesDue, oversightMonthsDue } from '../../../scheduler/steps/monthly-dates';
import { allocationListMessages, headlinesMessages, oversightMessages } from '../../../scheduler/steps/month-messages';
import { person } from '../../support/fixtures';
import { dueOn, southampton } from './step-fixtures';

test('allocation day falls on the 3rd, or the next working day: Saturday 3 October 2026 moves to Monday the 5th', () => {
  expect(allocationDue(southampton(), '2026-10', dueOn('2026-10-04'))).toBe(false);
  expect(allocationDue(southampton(), '2026-10', dueOn('2026-10-05'))).toBe(true);
});

test('service leads get the oversight list on the 28th; a profile without oversight sends none', () => {
  expect(oversightMonthsDue(southampton(), ['2026-09'], dueOn('2026-09-27'))).toEqual([]);
  expect(oversightMonthsDue(southampton(), ['2026-09'], dueOn('2026-09-28'))).toEqual(['2026-09']);
  expect(oversightMonthsDue({ ...southampton(), oversight: null }, ['2026-09'], dueOn('2026-09-28'))).toEqual([]);
});

test('the headlines go on the 9th and report on the month before', () => {
  expect(headlinesDue(southampton(), ['2026-10'], dueOn('2026-10-08'))).toEqual([]);
  expect(headlinesDue(southampton(), ['2026-10'], dueOn('2026-10-09'))).toEqual([{ period: '2026-10', reportMonth: '2026-09' }]);
});

test('each auditor drawn gets one list; each service lead gets the area\'s; each channel gets the headlines', () => {
  expect(allocationListMessages('2026-10', ['tm-0-1', 'tm-0-1', 'tm-1-1']).map((m) => m.key)).toEqual(['allocation-list:2026-10:tm-0-1', 'allocation-list:2026-10:tm-1-1']);
  const people = [person('sl-crs', 'CRS Leadership', 'CRS', ['service-lead']), person('tm-0-1', 'CRS Team 1', 'CRS', ['team-manager'])];
  expect(oversightMessages('2026-09', people)).toEqual([
    { key: 'oversight:2026-09:sl-crs', channel: 'teams', kind: 'oversight-list', recipientId: 'sl-crs', payload: { month: '2026-09', serviceArea: 'CRS' } },
  ]);
  expect(headlinesMessages('2026-09', [{ conversationId: '19:qa' }])).toEqual([
    { key: 'headlines:2026-09:19:qa', channel: 'teams', kind: 'headlines', recipientId: null, payload: { month: '2026-09', conversationId: '19:qa' } },
  ]);
});
