// Unit tests of dragging a todo onto a day: what a drop reads back, and "schedule for today"
// (the shell's day when the row knew it, the word otherwise; the toast either way).
import { beforeEach, describe, expect, it, vi } from 'vitest';

const api = vi.hoisted(() => ({ scheduleTodo: vi.fn() }));
vi.mock('./api', async (original) => ({ ...(await original<typeof import('./api')>()), ...api }));

const { readTodo, scheduleForToday } = await import('./todo-drag');
const { toast } = await import('./toast.svelte');
const { live } = await import('./bus.svelte');

beforeEach(() => {
  vi.clearAllMocks();
});

describe('the dragged todo', () => {
  it('reads back what the row put in the drag, and nothing else', () => {
    expect(readTodo(JSON.stringify({ id: 'a', content: 'Call', today: '2026-11-28' }))).toEqual({ id: 'a', content: 'Call', today: '2026-11-28' });
    expect(readTodo(JSON.stringify({ id: 'a', content: 'Call' }))).toEqual({ id: 'a', content: 'Call', today: null });
    expect(readTodo('Call the bank')).toBeNull();
    expect(readTodo(JSON.stringify({ content: 'no id' }))).toBeNull();
    expect(readTodo('null')).toBeNull();
  });
});

describe('schedule for today', () => {
  it('sends the shell’s today, says so with Undo, and refreshes the views', async () => {
    api.scheduleTodo.mockResolvedValue({});
    const before = live.todos;
    expect(await scheduleForToday({ id: 'a', content: 'Call', today: '2026-11-28' })).toBe(true);
    expect(api.scheduleTodo).toHaveBeenCalledWith('a', '2026-11-28');
    expect(toast.text).toBe('Scheduled “Call” for today.');
    expect(toast.action?.label).toBe('Undo');
    expect(live.todos).toBe(before + 1);
  });

  it('lets the shell read "today" when the row did not know the day, and says a refusal', async () => {
    api.scheduleTodo.mockRejectedValue({ code: 'not_found', message: 'todo not found: a' });
    expect(await scheduleForToday({ id: 'a', content: 'Call', today: null })).toBe(false);
    expect(api.scheduleTodo).toHaveBeenCalledWith('a', 'today');
    expect(toast.text).toBe('“Call” is not scheduled: todo not found: a');
    expect(toast.error).toBe(true);
  });
});
