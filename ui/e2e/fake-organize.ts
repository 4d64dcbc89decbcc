// The browser-test harness's organizing, by the shell's rules and with its messages: tags
// (checked, compared without case, at most 20 of 40 characters), the list's tags filter (any or
// all), a todo's checklist ops and Markdown notes in update_todo, tags(), rename_tag (merging),
// promote_step, and the #tags of a quick-add line. harness.ts routes commands here.
/* eslint-disable @typescript-eslint/only-throw-error */
import { UNHANDLED, type Step, type Todo, type TodoStore } from './fake-planner';

const MAX_TAG = 40;
const MAX_TAGS = 20;
const MAX_STEP = 500;
const MAX_STEPS = 100;
const MAX_BODY = 100_000;
const WORD = /^[\p{L}\p{N}\-_/.]+$/u;

/** Length in characters (code points), as the shell counts them. */
function chars(s: string): number {
  return s.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, '_').length;
}

function invalid(field: string, rule: string): { code: string; message: string } {
  return { code: 'invalid', message: `${field}: ${rule}` };
}

function sameTag(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** One tag, `#` dropped, or the shell's refusal naming the field. */
export function checkTag(field: string, tag: string): string {
  const trimmed = tag.trim();
  const t = trimmed.startsWith('#') ? trimmed.slice(1) : trimmed;
  if (t === '') throw invalid(field, 'must not be empty');
  const len = chars(t);
  if (len > MAX_TAG) throw invalid(field, `must be at most ${String(MAX_TAG)} characters; got ${String(len)}`);
  if (!WORD.test(t)) throw invalid(field, `must be one word of letters, digits, '-', '_', '/' or '.' (no spaces); got ${JSON.stringify(tag)}`);
  return t;
}

function cleanTags(field: string, tags: readonly string[]): string[] {
  const out: string[] = [];
  tags.forEach((tag, i) => {
    const t = checkTag(`${field}[${String(i)}]`, tag);
    if (!out.some((x) => sameTag(x, t))) out.push(t);
  });
  if (out.length > MAX_TAGS) throw invalid(field, `must have at most ${String(MAX_TAGS)} tags; got ${String(out.length)}`);
  return out;
}

function checkText(field: string, text: string, max: number, required: boolean): string {
  const t = text.trim();
  if (required && t === '') throw invalid(field, 'must not be empty');
  const len = chars(t);
  if (len > max) throw invalid(field, `must be at most ${String(max)} characters; got ${String(len)}`);
  return t;
}

type StepInput =
  | { op: 'add'; text: string; at?: number }
  | { op: 'set'; id: string; done?: boolean; text?: string }
  | { op: 'remove'; id: string }
  | { op: 'move'; id: string; to: number };

let stepSeq = 0;

function applySteps(steps: readonly Step[], ops: readonly StepInput[]): Step[] {
  const out = steps.map((s) => ({ ...s }));
  ops.forEach((op, i) => {
    const f = `steps[${String(i)}]`;
    const at = (id: string): number => {
      const n = out.findIndex((s) => s.id === id);
      if (n < 0) throw invalid(f, `no step with id ${JSON.stringify(id)} in this todo`);
      return n;
    };
    const oneLine = (t: string): string => t.split(/\s+/).filter((w) => w !== '').join(' ');
    switch (op.op) {
      case 'add': {
        const text = oneLine(checkText(`${f}.text`, op.text, MAX_STEP, true));
        stepSeq += 1;
        out.splice(Math.min(op.at ?? out.length, out.length), 0, { id: `s${String(stepSeq).padStart(10, '0')}`, text, done: false });
        break;
      }
      case 'set': {
        const n = at(op.id);
        const step = out[n];
        if (step === undefined) break;
        if (op.text !== undefined) step.text = oneLine(checkText(`${f}.text`, op.text, MAX_STEP, true));
        if (op.done !== undefined) step.done = op.done;
        break;
      }
      case 'remove':
        out.splice(at(op.id), 1);
        break;
      case 'move': {
        const [step] = out.splice(at(op.id), 1);
        if (step !== undefined) out.splice(Math.min(op.to, out.length), 0, step);
        break;
      }
    }
  });
  if (out.length > MAX_STEPS) throw invalid('steps', `must have at most ${String(MAX_STEPS)} steps; got ${String(out.length)}`);
  return out;
}

export interface OrganizePatch {
  tags?: string[];
  addTags?: string[];
  removeTags?: string[];
  steps?: StepInput[];
  body?: string;
}

/** Checks the organizing part of an update_todo patch against the todo and returns the change
 *  to make; throws (changing nothing) on the first bad field, as the shell does. */
export function organizePatch(t: Todo, patch: OrganizePatch): Pick<Todo, 'tags' | 'steps' | 'body'> & { bodyGone?: boolean } {
  const out: Pick<Todo, 'tags' | 'steps' | 'body'> & { bodyGone?: boolean } = {};
  if (patch.tags !== undefined || patch.addTags !== undefined || patch.removeTags !== undefined) {
    const tags = [...(patch.tags ?? t.tags ?? []), ...(patch.addTags ?? [])];
    const gone = cleanTags('removeTags', patch.removeTags ?? []);
    out.tags = cleanTags(
      'tags',
      tags.filter((x) => !gone.some((g) => sameTag(g, x.replace(/^#+/, '')))),
    );
  }
  if (patch.steps !== undefined && patch.steps.length > 0) out.steps = applySteps(t.steps ?? [], patch.steps);
  if (patch.body !== undefined) {
    const body = checkText('body', patch.body, MAX_BODY, false);
    if (body === '') out.bodyGone = true;
    else out.body = body;
  }
  return out;
}

/** Applies what organizePatch returned; empty fields are absent, as the shell sends them. */
export function applyOrganize(t: Todo, change: ReturnType<typeof organizePatch>): void {
  if (change.tags !== undefined) {
    if (change.tags.length > 0) t.tags = change.tags;
    else delete t.tags;
  }
  if (change.steps !== undefined) {
    if (change.steps.length > 0) t.steps = change.steps;
    else delete t.steps;
  }
  if (change.body !== undefined) t.body = change.body;
  if (change.bodyGone === true) delete t.body;
}

/** The list's tags filter: any of `tags`, or all of them. */
export function tagsMatch(t: Todo, tags: readonly string[], all: boolean): boolean {
  if (tags.length === 0) return true;
  const has = (want: string): boolean => (t.tags ?? []).some((x) => sameTag(x, want.replace(/^#+/, '')));
  return all ? tags.every(has) : tags.some(has);
}

/** A quick-add line's `#words`: every one a tag (repeats once), taken out of the text. */
export function quickTags(line: string): { content: string; tags: string[] } {
  const tags: string[] = [];
  const words = line.split(/\s+/).filter((w) => {
    const name = w.startsWith('#') ? w.slice(1) : '';
    if (name === '' || chars(name) > MAX_TAG || !WORD.test(name)) return true;
    if (!tags.some((t) => sameTag(t, name))) tags.push(name);
    return false;
  });
  return { content: words.join(' ').trim(), tags };
}

/** The organizing commands, or UNHANDLED for the others. */
export function createOrganize(store: TodoStore): { handle: (cmd: string, args: Record<string, unknown>) => unknown } {
  function handle(cmd: string, args: Record<string, unknown>): unknown {
    switch (cmd) {
      case 'tags': {
        const out: [string, number][] = [];
        for (const t of store.all()) {
          for (const tag of t.tags ?? []) {
            const found = out.find(([x]) => sameTag(x, tag));
            if (found === undefined) out.push([tag, 1]);
            else found[1] += 1;
          }
        }
        return out.sort(([a], [b]) => a.toLowerCase().localeCompare(b.toLowerCase()));
      }
      case 'rename_tag': {
        const from = checkTag('from', String(args.from));
        const to = checkTag('to', String(args.to));
        const hit = store.all().filter((t) => (t.tags ?? []).some((x) => sameTag(x, from)));
        if (hit.length === 0) throw { code: 'not_found', message: `tag not found: ${from}` };
        const now = new Date().toISOString();
        for (const t of hit) {
          t.tags = cleanTags(
            'tags',
            (t.tags ?? []).map((x) => (sameTag(x, from) ? to : x)),
          );
          t.updatedAt = now;
        }
        return hit.length;
      }
      case 'promote_step': {
        const t = store.find(args.id);
        const step = (t.steps ?? []).find((s) => s.id === args.step);
        if (step === undefined) throw invalid('step', `no step with id ${JSON.stringify(args.step)} in this todo`);
        const promoted = store.add(step.text, { category: t.category, ...((t.tags ?? []).length > 0 ? { tags: [...(t.tags ?? [])] } : {}) });
        applyOrganize(t, { steps: (t.steps ?? []).filter((s) => s !== step) });
        return promoted;
      }
      default:
        return UNHANDLED;
    }
  }

  return { handle };
}
