// The browser-test harness's projects and areas, by the shell's rules (valet-service's
// projects.rs) and with its messages: projects (with all), add_project, update_project (a rename
// moves the todos, completing completes them), remove_project (with its todos; an area leaves its
// projects), and the `project` of add_todo and update_todo, which must exist. harness.ts routes
// commands here and gives the undo journal the project records.
/* eslint-disable @typescript-eslint/only-throw-error */
import { parseDay, UNHANDLED, type Todo, type TodoStore } from './fake-planner';

export interface FakeProject {
  id: string;
  name: string;
  kind: 'project' | 'area';
  area?: string;
  notes?: string;
  order: number;
  deadline?: string;
  completedAt?: string;
  archivedAt?: string;
  createdAt: string;
  updatedAt: string;
}

export type ProjectSeed = Partial<FakeProject> & { name: string };

const NO_PROJECT = 'General';
const STAMP = '2026-11-20T09:00:00Z';

function fold(name: string): string {
  return name.trim().toLowerCase();
}

function same(a: string, b: string): boolean {
  return fold(a) === fold(b);
}

/** The id the shell derives from a name (any case gives the same). */
function idOf(name: string): string {
  return `p-${fold(name).replace(/[^a-z0-9]+/g, '-')}`;
}

function invalid(field: string, rule: string): { code: string; message: string } {
  return { code: 'invalid', message: `${field}: ${rule}` };
}

function checkName(field: string, name: string): string {
  const n = name.trim();
  if (n === '') throw invalid(field, 'must not be empty');
  if (same(n, NO_PROJECT) || same(n, 'none')) throw invalid(field, `${JSON.stringify(n)} means no project; choose another name`);
  return n;
}

export function createProjects(store: TodoStore, today: string, seed: readonly ProjectSeed[] = []): {
  handle: (cmd: string, args: Record<string, unknown>) => unknown;
  /** A todo's `project` as the shell checks it: the stored spelling, or General for ''. */
  resolve: (project: string, todoId?: string) => string;
  records: () => [string, FakeProject][];
  put: (key: string, value: FakeProject | null) => void;
} {
  let lists: FakeProject[] = seed.map((p, i) => ({ id: idOf(p.name), kind: 'project', order: i, createdAt: STAMP, updatedAt: STAMP, ...p }));

  const stored = (name: string): FakeProject | undefined => lists.find((p) => same(p.name, name));
  const inProject = (name: string): Todo[] => store.all().filter((t) => same(t.category, name));

  /** The project called `name`: its record, or one only todos name. */
  function find(name: string): FakeProject {
    const p = stored(name);
    if (p !== undefined) return p;
    const t = store.all().find((x) => !same(x.category, NO_PROJECT) && same(x.category, name));
    if (t === undefined) throw { code: 'not_found', message: `project not found: ${name.trim()}` };
    return { id: idOf(t.category), name: t.category, kind: 'project', order: 0, createdAt: STAMP, updatedAt: STAMP };
  }

  function checkArea(name: string): string {
    const n = checkName('area', name);
    const a = stored(n);
    if (a === undefined) throw invalid('area', `there is no area named ${JSON.stringify(n)}; create it first`);
    if (a.kind !== 'area') throw invalid('area', `${JSON.stringify(a.name)} is a project, not an area (a project can only be in an area)`);
    return a.name;
  }

  function summaries(all: boolean): unknown[] {
    const out = new Map<string, FakeProject & { stored: boolean; open: number; done: number }>();
    for (const p of lists) out.set(p.id, { ...p, stored: true, open: 0, done: 0 });
    for (const t of store.all()) {
      if (same(t.category, NO_PROJECT)) continue;
      const id = idOf(t.category);
      let s = out.get(id);
      if (s === undefined) {
        s = { id, name: t.category.trim(), kind: 'project', order: 0, createdAt: '1970-01-01T00:00:00Z', updatedAt: '1970-01-01T00:00:00Z', stored: false, open: 0, done: 0 };
        out.set(id, s);
      }
      if (t.status === 'completed') s.done += 1;
      else s.open += 1;
    }
    return [...out.values()]
      .filter((s) => all || (s.completedAt === undefined && s.archivedAt === undefined))
      .sort((a, b) => Number(b.kind === 'area') - Number(a.kind === 'area') || a.order - b.order || fold(a.name).localeCompare(fold(b.name)));
  }

  function save(p: FakeProject): void {
    lists = [...lists.filter((x) => x.id !== p.id), p];
  }

  function add(args: Record<string, unknown>): FakeProject {
    const kind = args.isArea === true ? 'area' : 'project';
    const name = checkName('name', typeof args.name === 'string' ? args.name : '');
    const other = stored(name);
    if (other !== undefined) throw invalid('name', `there is already a${other.kind === 'area' ? 'n' : ''} ${other.kind} named ${JSON.stringify(other.name)}`);
    const areaText = typeof args.area === 'string' ? args.area.trim() : '';
    const area = areaText === '' ? undefined : checkArea(areaText);
    const now = new Date().toISOString();
    const siblings = lists.filter((o) => o.kind === kind && o.area === area);
    const p: FakeProject = { id: idOf(name), name, kind, order: siblings.length === 0 ? 0 : Math.max(...siblings.map((o) => o.order)) + 1, createdAt: now, updatedAt: now };
    if (area !== undefined) p.area = area;
    save(p);
    return p;
  }

  function update(args: Record<string, unknown>): { project: FakeProject; todos: number; projects: number } {
    const cur = find(typeof args.name === 'string' ? args.name : '');
    const patch = (args.patch ?? {}) as Record<string, unknown>;
    const next: FakeProject = { ...cur };
    const now = new Date().toISOString();
    let todos = 0;
    let projects = 0;
    if (typeof patch.name === 'string') {
      next.name = checkName('name', patch.name);
      next.id = idOf(next.name);
      const other = stored(next.name);
      if (other !== undefined && other.id !== cur.id) throw invalid('name', `there is already a${other.kind === 'area' ? 'n' : ''} ${other.kind} named ${JSON.stringify(other.name)}`);
    }
    if (typeof patch.area === 'string') {
      if (patch.area.trim() === '') delete next.area;
      else {
        if (cur.kind === 'area') throw invalid('area', 'an area cannot be inside another area (area > project > todo)');
        next.area = checkArea(patch.area);
      }
    }
    if (typeof patch.notes === 'string') {
      if (patch.notes.trim() === '') delete next.notes;
      else next.notes = patch.notes;
    }
    if (typeof patch.deadline === 'string') {
      if (patch.deadline.trim() === '') delete next.deadline;
      else {
        if (cur.kind === 'area') throw invalid('deadline', 'areas have no deadline');
        try {
          next.deadline = parseDay(patch.deadline, today) ?? '';
        } catch {
          throw invalid('deadline', `can't read “${patch.deadline}” as a day; try friday, end of month, in 2 weeks or 2026-12-24`);
        }
      }
    }
    if (typeof patch.completed === 'boolean') {
      if (patch.completed && cur.kind === 'area') throw invalid('completed', 'areas are never completed (archive the projects in it)');
      if (patch.completed) next.completedAt = cur.completedAt ?? now;
      else delete next.completedAt;
    }
    if (typeof patch.archived === 'boolean') {
      if (patch.archived) next.archivedAt = cur.archivedAt ?? now;
      else delete next.archivedAt;
    }
    next.updatedAt = now;
    // Checked: now the changes.
    if (next.id !== cur.id) {
      lists = lists.filter((x) => x.id !== cur.id);
      for (const t of inProject(cur.name)) {
        t.category = next.name;
        t.updatedAt = now;
        todos += 1;
      }
      for (const p of lists.filter((x) => x.area !== undefined && same(x.area, cur.name))) {
        p.area = next.name;
        projects += 1;
      }
    }
    if (patch.completed === true && cur.completedAt === undefined) {
      for (const t of inProject(next.name).filter((x) => x.status !== 'completed')) {
        t.status = 'completed';
        t.completedAt = now;
        t.updatedAt = now;
        todos += 1;
      }
    }
    save(next);
    return { project: next, todos, projects };
  }

  function remove(args: Record<string, unknown>): { project: FakeProject; todos: number; projects: number } {
    const cur = find(typeof args.name === 'string' ? args.name : '');
    lists = lists.filter((x) => x.id !== cur.id);
    let projects = 0;
    for (const p of lists.filter((x) => x.area !== undefined && same(x.area, cur.name))) {
      delete p.area;
      projects += 1;
    }
    const gone = cur.kind === 'area' ? [] : inProject(cur.name);
    for (const t of gone) store.remove(t.id);
    return { project: cur, todos: gone.length, projects };
  }

  function resolve(project: string, todoId?: string): string {
    if (project.trim() === '') return NO_PROJECT;
    const p = stored(project);
    if (p?.kind === 'area') throw invalid('project', `${JSON.stringify(p.name)} is an area; a todo goes in a project`);
    if (p !== undefined) return p.name;
    const named = store.all().find((t) => t.id !== todoId && same(t.category, project));
    if (named === undefined) throw invalid('project', `there is no project named ${JSON.stringify(project.trim())}; create it first`);
    return named.category;
  }

  function handle(cmd: string, args: Record<string, unknown>): unknown {
    switch (cmd) {
      case 'projects':
        return summaries(args.all === true);
      case 'add_project':
        return add(args);
      case 'update_project':
        return update(args);
      case 'remove_project':
        return remove(args);
      default:
        return UNHANDLED;
    }
  }

  return {
    handle,
    resolve,
    records: () => lists.map((p) => [`projects/${p.id}.json`, p]),
    put: (key, value) => {
      const id = /^projects\/(.+)\.json$/.exec(key)?.[1];
      lists = lists.filter((p) => p.id !== id);
      if (value !== null) lists = [...lists, value];
    },
  };
}
