// Unit tests of lib/projects.ts: grouping under areas, progress and deadline wording, the
// project selects' choices, a refusal's field, and what Remove asks.
import { describe, expect, it } from 'vitest';
import {
  areaProgress,
  choiceValue,
  deadlineLabel,
  groupProjects,
  progressOf,
  projectChoices,
  projectOf,
  removeQuestion,
  removedLine,
  splitError,
  stateOf,
} from './projects';
import type { ProjectSummary } from './types';

function summary(name: string, extra: Partial<ProjectSummary> = {}): ProjectSummary {
  return { id: `id-${name}`, name, kind: 'project', order: 0, createdAt: '', updatedAt: '', stored: true, open: 0, done: 0, ...extra };
}

const home = summary('Home', { kind: 'area' });
const work = summary('Work', { kind: 'area' });
const move = summary('Move house', { area: 'Home', open: 3, done: 1 });
const site = summary('Launch site', { area: 'work', open: 1, done: 1 });
const read = summary('Read more');

describe('grouping', () => {
  it('puts each project under its area (any case), then the ones in no area', () => {
    const g = groupProjects([home, work, move, site, read]);
    expect(g.areas.map((a) => [a.name, a.projects.map((p) => p.name)])).toEqual([
      ['Home', ['Move house']],
      ['Work', ['Launch site']],
    ]);
    expect(g.loose.map((p) => p.name)).toEqual(['Read more']);
  });

  it('keeps an empty area, and heads the projects of an area it does not list', () => {
    const g = groupProjects([home, site]);
    expect(g.areas.map((a) => [a.name, a.area === null, a.projects.length])).toEqual([
      ['Home', false, 0],
      ['work', true, 1],
    ]);
  });
});

describe('progress', () => {
  it('says done of total, in numbers and in words', () => {
    expect(progressOf(1, 3)).toEqual({ done: 1, total: 4, percent: 25, text: '1/4', words: '1 of 4 todos done' });
    expect(progressOf(1, 0).words).toBe('1 of 1 todo done');
    expect(progressOf(0, 0)).toMatchObject({ percent: 0, text: '0/0', words: 'no todos yet' });
    expect(progressOf(1, 2).percent).toBe(33);
  });

  it("counts an area's projects together", () => {
    const [homeGroup] = groupProjects([home, move, summary('Paint', { area: 'Home', open: 1, done: 3 })]).areas;
    expect(homeGroup === undefined ? null : areaProgress(homeGroup).text).toBe('4/8');
  });

  it('reads the state, archived first', () => {
    expect(stateOf(move)).toBe('open');
    expect(stateOf({ completedAt: '2026-11-28T10:00:00Z' })).toBe('completed');
    expect(stateOf({ completedAt: '2026-11-28T10:00:00Z', archivedAt: '2026-11-29T10:00:00Z' })).toBe('archived');
  });
});

describe('deadlines', () => {
  const today = '2026-11-28';

  it('are relative near today, dates further away', () => {
    expect(deadlineLabel('2026-11-28', today)).toMatchObject({ text: 'Today', tone: 'today' });
    expect(deadlineLabel('2026-11-29', today)).toMatchObject({ text: 'Tomorrow', tone: 'soon' });
    expect(deadlineLabel('2026-12-02', today)).toMatchObject({ text: 'in 4 days', tone: 'soon' });
    expect(deadlineLabel('2026-12-08', today)).toMatchObject({ text: 'in 10 days', tone: 'later' });
    expect(deadlineLabel('2026-12-31', today)).toMatchObject({ text: 'Thu 31 Dec', tone: 'later' });
    expect(deadlineLabel('2027-01-15', today).text).toBe('Fri 15 Jan 2027');
    expect(deadlineLabel('2026-11-27', today)).toMatchObject({ text: '1 day late', tone: 'overdue' });
    expect(deadlineLabel('2026-11-20', today)).toMatchObject({ text: '8 days late', tone: 'overdue' });
    expect(deadlineLabel('2026-12-02', today).words).toBe('Deadline Wednesday 2 December 2026, in 4 days');
  });

  it('are never late once the project is completed or archived', () => {
    expect(deadlineLabel('2026-11-20', today, false)).toMatchObject({ text: 'Fri 20 Nov', tone: 'closed' });
  });
});

describe('project selects', () => {
  it('offer the open projects under their areas, and the current one even when closed', () => {
    const done = summary('Old stuff', { completedAt: '2026-11-01T10:00:00Z' });
    const list = [home, work, move, site, read, done];
    expect(projectChoices(list)).toEqual([
      { area: 'Home', names: ['Move house'] },
      { area: 'Work', names: ['Launch site'] },
      { area: null, names: ['Read more'] },
    ]);
    expect(projectChoices(list, 'Old stuff').at(-1)).toEqual({ area: null, names: ['Read more', 'Old stuff'] });
    // Already listed (any case), or no project at all: nothing added.
    expect(projectChoices(list, 'move HOUSE').at(-1)?.names).toEqual(['Read more']);
    expect(projectChoices(list, 'General').at(-1)?.names).toEqual(['Read more']);
  });

  it("hold the listed spelling of a todo's project", () => {
    const groups = projectChoices([move, read]);
    expect(choiceValue(groups, 'move house')).toBe('Move house');
    expect(choiceValue(groups, 'General')).toBe('');
    expect(projectOf('general')).toBe('');
    expect(projectOf('Work')).toBe('Work');
  });
});

describe('refusals and removal', () => {
  it('split a refusal into the field it names and the rule', () => {
    expect(splitError('area: an area cannot be inside another area (area > project > todo)')).toEqual({
      field: 'area',
      text: 'An area cannot be inside another area (area > project > todo)',
    });
    expect(splitError('name: there is already a project named "Work"').field).toBe('name');
    expect(splitError('the store is locked')).toEqual({ field: null, text: 'The store is locked' });
  });

  it('ask before removing, saying what goes with it', () => {
    expect(removeQuestion(move, 0)).toBe('Remove the project “Move house”? This also removes its 4 todos. Undo (Ctrl+Z) brings it back.');
    expect(removeQuestion(read, 0)).toContain('It has no todos.');
    expect(removeQuestion(home, 2)).toBe('Remove the area “Home”? Its 2 projects stay, in no area.');
    expect(removeQuestion(home, 1)).toContain('Its 1 project stays');
    expect(removedLine(move, 4)).toBe('Removed “Move house” and 4 todos.');
    expect(removedLine(home, 0)).toBe('Removed the area “Home”.');
  });
});
