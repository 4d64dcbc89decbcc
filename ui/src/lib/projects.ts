// Pure helpers for projects and areas (area > project > todo): grouping under areas, progress
// and deadline wording, the choices of a project select, and a refusal's field. No IO, no Svelte.
import { daysBetween, mediumDate, shortDate, spokenDate } from './dates';
import type { Project, ProjectSummary } from './types';

/** The category a todo in no project has (the legacy default). */
export const NO_PROJECT = 'General';

/** Whether two names are the same project or area: the shell compares them without case. */
export function sameName(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** A todo's project for a select: `''` when it is in none. */
export function projectOf(category: string): string {
  return category.trim() === '' || sameName(category, NO_PROJECT) ? '' : category;
}

export interface AreaGroup {
  name: string;
  /** The area's own summary; null when the list does not hold it (an archived area, hidden). */
  area: ProjectSummary | null;
  projects: ProjectSummary[];
}

export interface Grouped {
  areas: AreaGroup[];
  /** The projects in no area, after the areas. */
  loose: ProjectSummary[];
}

/** Each area with its projects under it, then the projects in no area; the shell's order
 *  (by `order`, then name) is kept inside each group. */
export function groupProjects(list: readonly ProjectSummary[]): Grouped {
  const areas: AreaGroup[] = list.filter((p) => p.kind === 'area').map((a) => ({ name: a.name, area: a, projects: [] }));
  const loose: ProjectSummary[] = [];
  for (const p of list) {
    if (p.kind === 'area') continue;
    const areaName = p.area;
    if (areaName === undefined || areaName.trim() === '') {
      loose.push(p);
      continue;
    }
    let group = areas.find((g) => sameName(g.name, areaName));
    if (group === undefined) {
      group = { name: areaName, area: null, projects: [] };
      areas.push(group);
    }
    group.projects.push(p);
  }
  return { areas, loose };
}

export interface Progress {
  done: number;
  total: number;
  /** 0 to 100, whole. */
  percent: number;
  /** "3/8". */
  text: string;
  /** "3 of 8 todos done", for screen readers and titles. */
  words: string;
}

export function progressOf(done: number, open: number): Progress {
  const total = done + open;
  const percent = total === 0 ? 0 : Math.round((done / total) * 100);
  const words = total === 0 ? 'no todos yet' : `${String(done)} of ${String(total)} ${total === 1 ? 'todo' : 'todos'} done`;
  return { done, total, percent, text: `${String(done)}/${String(total)}`, words };
}

/** An area's progress: its projects' todos together (an area holds no todos itself). */
export function areaProgress(group: AreaGroup): Progress {
  let done = group.area?.done ?? 0;
  let open = group.area?.open ?? 0;
  for (const p of group.projects) {
    done += p.done;
    open += p.open;
  }
  return progressOf(done, open);
}

export type ProjectState = 'open' | 'completed' | 'archived';

/** Archived wins: a completed project put away is shown as archived. */
export function stateOf(p: Pick<Project, 'completedAt' | 'archivedAt'>): ProjectState {
  if (p.archivedAt !== undefined) return 'archived';
  if (p.completedAt !== undefined) return 'completed';
  return 'open';
}

export type DeadlineTone = 'overdue' | 'today' | 'soon' | 'later' | 'closed';

export interface DeadlineLabel {
  /** "Today", "Tomorrow", "in 3 days", "2 days late", else "Fri 4 Dec". */
  text: string;
  tone: DeadlineTone;
  /** "Deadline Friday 4 December 2026, in 3 days": the date in full, for titles and readers. */
  words: string;
}

/** A deadline relative to `today` (`YYYY-MM-DD` in the zone from Settings). A project no longer
 *  open is never late: its deadline is a plain date. */
export function deadlineLabel(deadline: string, today: string, open = true): DeadlineLabel {
  const d = daysBetween(today, deadline);
  const full = spokenDate(deadline);
  if (!open) return { text: shortDate(deadline), tone: 'closed', words: `Deadline ${full}` };
  let text: string | null = null;
  if (d === 0) text = 'Today';
  else if (d === 1) text = 'Tomorrow';
  else if (d === -1) text = '1 day late';
  else if (d < 0 && d > -14) text = `${String(-d)} days late`;
  else if (d > 1 && d < 14) text = `in ${String(d)} days`;
  let tone: DeadlineTone = 'later';
  if (d < 0) tone = 'overdue';
  else if (d === 0) tone = 'today';
  else if (d < 7) tone = 'soon';
  if (text !== null) return { text, tone, words: `Deadline ${full}, ${text.toLowerCase()}` };
  // Further away: the date itself, with its year when it is not this year's.
  const date = deadline.slice(0, 4) === today.slice(0, 4) ? shortDate(deadline) : mediumDate(deadline);
  return { text: date, tone, words: `Deadline ${full}${d < 0 ? ', late' : ''}` };
}

/** A refusal from the shell ("area: an area cannot be inside another area") split into the
 *  field it names and the rule, capitalized: shown beside that field, the field's name is
 *  redundant. */
export function splitError(message: string): { field: string | null; text: string } {
  const m = /^([A-Za-z][\w.[\]]*): ([\s\S]+)$/.exec(message);
  const rule = m?.[2] ?? message;
  return { field: m?.[1] ?? null, text: rule.charAt(0).toUpperCase() + rule.slice(1) };
}

/** What Remove asks before removing: a project goes with its todos, an area leaves its projects. */
export function removeQuestion(p: ProjectSummary, inArea: number): string {
  if (p.kind === 'area') {
    const stay = inArea === 0 ? 'It holds no projects.' : `Its ${String(inArea)} ${inArea === 1 ? 'project stays' : 'projects stay'}, in no area.`;
    return `Remove the area “${p.name}”? ${stay}`;
  }
  const n = p.open + p.done;
  const todos = n === 0 ? 'It has no todos.' : `This also removes its ${String(n)} ${n === 1 ? 'todo' : 'todos'}.`;
  return `Remove the project “${p.name}”? ${todos} Undo (Ctrl+Z) brings it back.`;
}

/** The toast after a removal. */
export function removedLine(p: ProjectSummary, todos: number): string {
  if (p.kind === 'area') return `Removed the area “${p.name}”.`;
  return todos === 0 ? `Removed “${p.name}”.` : `Removed “${p.name}” and ${String(todos)} ${todos === 1 ? 'todo' : 'todos'}.`;
}

export interface ChoiceGroup {
  /** The area's name; null for the projects in no area. */
  area: string | null;
  names: string[];
}

/** The projects a select offers, under their areas (optgroups), open ones only, plus `current`
 *  (a todo's project that is completed, archived or not listed) so the select can show it. */
export function projectChoices(list: readonly ProjectSummary[], current = ''): ChoiceGroup[] {
  // The areas go in too, for their own spelling of their names.
  const open = list.filter((p) => p.kind === 'area' || stateOf(p) === 'open');
  const { areas, loose } = groupProjects(open);
  const groups: ChoiceGroup[] = areas
    .filter((g) => g.projects.length > 0)
    .map((g) => ({ area: g.name, names: g.projects.map((p) => p.name) }));
  const rest = loose.map((p) => p.name);
  const listed = (n: string): boolean => groups.some((g) => g.names.some((x) => sameName(x, n))) || rest.some((x) => sameName(x, n));
  const cur = projectOf(current);
  if (cur !== '' && !listed(cur)) rest.push(cur);
  if (rest.length > 0) groups.push({ area: null, names: rest });
  return groups;
}

/** The spelling a select holds for a todo's project: the listed one, whatever the todo's case. */
export function choiceValue(groups: readonly ChoiceGroup[], category: string): string {
  const cur = projectOf(category);
  for (const g of groups) {
    const found = g.names.find((n) => sameName(n, cur));
    if (found !== undefined) return found;
  }
  return cur;
}
