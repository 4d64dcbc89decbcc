// A realistic data set for the harness (todos, projects and areas, today's plan and journal, past
// days, sync with a conflict), so screenshots and layout checks see what a person's Valet holds
// (long and short titles, every priority, tags, overdue and done items) rather than "Todo 5".
// Reusable by any browser test: `open('today', DEMO_SEED)`.
import type { Todo } from './fake-planner';

const TODAY = '2026-11-28';

/** The id the harness gives the todo at `index` (harness.ts's makeTodo). */
export function demoTodoId(index: number): string {
  return `019ac9b2-0000-7000-8000-${String(index).padStart(12, '0')}`;
}

// By index: the harness makes `TODOS.length` todos and applies each patch over its default.
const TODOS: Partial<Todo>[] = [
  { content: 'Call the bank about the mortgage rate', category: 'General', priority: 'high', due: TODAY, dueTime: '15:00', reminders: ['30m before'] },
  {
    content: 'Draft the Q4 report outline',
    category: 'Q4 report',
    priority: 'high',
    due: '2026-12-04',
    when: TODAY,
    tags: ['writing'],
    steps: [
      { id: 's1', text: 'Pull last quarter’s numbers', done: true },
      { id: 's2', text: 'List the three headline wins', done: false },
      { id: 's3', text: 'Ask Priya for the churn chart', done: false },
    ],
  },
  { content: 'Collect regional sales figures from Maria', category: 'Q4 report', priority: 'medium', due: '2026-12-01', tags: ['waiting'] },
  { content: 'Review the pull request for the new booking form', category: 'Website redesign', priority: 'medium', due: null, when: TODAY, tags: ['review'] },
  { content: 'Pick tiles for the kitchen backsplash', category: 'Kitchen renovation', priority: 'low', due: null, when: '2026-11-30' },
  { content: 'Get three quotes from electricians', category: 'Kitchen renovation', priority: 'high', due: '2026-11-26' },
  { content: 'Book train tickets to Berlin', category: 'Berlin trip', priority: 'medium', due: '2026-12-02', tags: ['travel'] },
  { content: 'Renew passport', category: 'General', priority: 'high', due: '2026-12-05', tags: ['errand'] },
  { content: 'Buy a birthday present for Lena', category: 'General', priority: 'medium', due: null, when: '2026-12-03', tags: ['errand'] },
  { content: 'Water the plants', category: 'General', priority: 'low', due: null, status: 'completed', completedAt: '2026-11-28T08:40:00Z' },
  { content: 'Share the roadmap update with the team', category: 'Website redesign', priority: 'medium', due: null, status: 'completed', completedAt: '2026-11-27T16:20:00Z' },
  { content: 'Pay the electricity bill', category: 'General', priority: 'medium', due: '2026-11-27', status: 'completed', completedAt: '2026-11-27T10:05:00Z' },
  { content: 'Read “Thinking in Systems”, chapters 3 and 4', category: 'General', priority: 'low', due: null, tags: ['reading'] },
  { content: 'Write alt text for the new hero images', category: 'Website redesign', priority: 'low', due: '2026-12-08', tags: ['a11y'] },
  { content: 'Plan the holiday dinner menu', category: 'General', priority: 'medium', due: null, when: '2026-12-20' },
  { content: 'Schedule the car service', category: 'General', priority: 'low', due: '2026-12-09' },
  { content: 'Sketch the pantry shelves with measurements', category: 'Kitchen renovation', priority: 'low', due: null },
  { content: 'Reserve a table near Museum Island', category: 'Berlin trip', priority: 'low', due: null, when: '2026-12-01' },
  { content: 'Send the signed contract back to the agency', category: 'Website redesign', priority: 'high', due: '2026-11-29' },
];

const todoPatches = Object.fromEntries(TODOS.map((t, i) => [i, t]));

const projects = [
  { name: 'Work', kind: 'area' as const, notes: 'Everything for the day job.' },
  { name: 'Home', kind: 'area' as const },
  { name: 'Q4 report', area: 'Work', deadline: '2026-12-11', notes: 'Due to the board on the 11th; draft to Priya by the 4th.' },
  { name: 'Website redesign', area: 'Work', deadline: '2027-01-15' },
  { name: 'Kitchen renovation', area: 'Home' },
  { name: 'Berlin trip', deadline: '2026-12-18', notes: 'Dec 18 to 21, with Sam.' },
];

const days = {
  [TODAY]: {
    plan: {
      started: true,
      tasks: [
        { id: 't1', text: 'Morning run, 5 km along the canal', done: true },
        { id: 't2', text: 'Draft the Q4 report outline', todo: demoTodoId(1), done: false },
        { id: 't3', text: 'Clear the inbox before 10:00', done: false },
        { id: 't4', text: 'Book the dentist', done: false, carriedFrom: '2026-11-27', carried: 1 },
      ],
      personalReminders: 'Lena’s birthday is on Thursday.\nTake the recycling out tonight.',
      ongoingSummary: 'Q4 report outline half done; waiting on Maria’s figures.',
    },
    journal: {
      entries: [
        { id: 'j1', time: '08:15', text: 'Slept well. Coffee on the balcony before the rain started.' },
        { id: 'j2', time: '12:40', text: 'Long call with Priya: the churn chart tells the real story.' },
      ],
      mood: 'Calm and focused',
      moodScore: 4,
      highlights: ['Finished the run without stopping'],
    },
  },
  '2026-11-27': {
    plan: {
      tasks: [
        { id: 'y1', text: 'Pay the electricity bill', done: true },
        { id: 'y2', text: 'Book the dentist', done: false },
        { id: 'y3', text: 'Share the roadmap update with the team', done: true },
      ],
      reflections: 'Too many meetings; protect Friday mornings.',
    },
    journal: {
      entries: [{ id: 'e1', time: '18:30', text: 'A quiet, good day. Dinner with Sam at the Thai place.' }],
      mood: 'Tired but content',
      moodScore: 3,
      highlights: ['Roadmap update went down well'],
      lessons: ['Write the agenda before the meeting, not during it'],
    },
    archived: true,
  },
  '2026-11-25': {
    journal: { entries: [{ id: 'e2', time: '21:10', text: 'Electrician visit rescheduled again. Need more quotes.' }], challenges: ['Contractors not calling back'], moodScore: 2 },
    archived: true,
  },
  '2026-11-20': {
    plan: { tasks: [{ id: 'n1', text: 'Measure the kitchen wall', done: true }, { id: 'n2', text: 'Call Mum', done: true }] },
    archived: true,
  },
  '2026-11-14': {
    journal: { entries: [{ id: 'e3', time: '10:00', text: 'Farmers’ market; bought far too many apples.' }], mood: 'Cheerful', moodScore: 5 },
    archived: true,
  },
};

export const DEMO_SEED: Record<string, unknown> = {
  todos: TODOS.length,
  todoPatches,
  projects,
  days,
  sync: {
    enabled: true,
    remote: 's3://valet-sync/alice',
    firstSyncDone: true,
    lastSync: '2026-11-28T09:05:00Z',
    pending: 2,
    conflicts: 1,
  },
  conflicts: [
    {
      record: 'journal/2026-11-27',
      index: 0,
      field: 'reflections',
      current: 'Too many meetings; protect Friday mornings.',
      other: 'Too many meetings. Block Friday mornings for deep work.',
      otherWritten: '2026-11-27T20:00:00Z on the desktop',
    },
  ],
};
