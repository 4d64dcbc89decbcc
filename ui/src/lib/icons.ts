// The Lucide icon for each view, palette command and date picker part, in one place so the
// sidebar, the palette and the picker agree. Each icon is imported on its own: the bundle holds only these.
import type { LucideIcon } from '@lucide/svelte';
import Calendar from '@lucide/svelte/icons/calendar';
import CalendarCheck from '@lucide/svelte/icons/calendar-check';
import CalendarChevronsRight from '@lucide/svelte/icons/calendar-chevrons-right';
import CalendarDays from '@lucide/svelte/icons/calendar-days';
import ChartColumn from '@lucide/svelte/icons/chart-column';
import NotebookPen from '@lucide/svelte/icons/notebook-pen';
import CalendarOff from '@lucide/svelte/icons/calendar-off';
import ChevronLeft from '@lucide/svelte/icons/chevron-left';
import ChevronRight from '@lucide/svelte/icons/chevron-right';
import CircleCheck from '@lucide/svelte/icons/circle-check';
import Cloud from '@lucide/svelte/icons/cloud';
import CloudAlert from '@lucide/svelte/icons/cloud-alert';
import CloudCheck from '@lucide/svelte/icons/cloud-check';
import CloudOff from '@lucide/svelte/icons/cloud-off';
import FolderKanban from '@lucide/svelte/icons/folder-kanban';
import Keyboard from '@lucide/svelte/icons/keyboard';
import ListFilter from '@lucide/svelte/icons/list-filter';
import ListTodo from '@lucide/svelte/icons/list-todo';
import PanelLeft from '@lucide/svelte/icons/panel-left';
import Pencil from '@lucide/svelte/icons/pencil';
import Plus from '@lucide/svelte/icons/plus';
import Redo2 from '@lucide/svelte/icons/redo-2';
import RefreshCw from '@lucide/svelte/icons/refresh-cw';
import RotateCcwClock from '@lucide/svelte/icons/rotate-ccw-clock';
import Search from '@lucide/svelte/icons/search';
import Settings from '@lucide/svelte/icons/settings';
import Sofa from '@lucide/svelte/icons/sofa';
import Sun from '@lucide/svelte/icons/sun';
import SunMoon from '@lucide/svelte/icons/sun-moon';
import Sunrise from '@lucide/svelte/icons/sunrise';
import Trash from '@lucide/svelte/icons/trash';
import Undo2 from '@lucide/svelte/icons/undo-2';
import type { QuickId } from './date-picker';
import type { Action, View } from './shortcuts';
import type { Tone } from './sync';

export const VIEW_ICON: Record<View, LucideIcon> = {
  today: Sun,
  upcoming: CalendarDays,
  todos: ListTodo,
  projects: FolderKanban,
  history: RotateCcwClock,
  insights: ChartColumn,
  review: NotebookPen,
  settings: Settings,
  sync: Cloud,
};

export const SYNC_ICON: Record<Tone, LucideIcon> = {
  off: CloudOff,
  ok: CloudCheck,
  busy: Cloud,
  error: CloudAlert,
};

const ACTION_ICON: Partial<Record<Action['kind'], LucideIcon>> = {
  new: Plus,
  search: Search,
  help: Keyboard,
  sidebar: PanelLeft,
  theme: SunMoon,
  syncNow: RefreshCw,
  undo: Undo2,
  redo: Redo2,
  prevDay: ChevronLeft,
  nextDay: ChevronRight,
  today: CalendarCheck,
  toggle: CircleCheck,
  edit: Pencil,
  filter: ListFilter,
  delete: Trash,
};

/** The icon for a palette command (a view's own for "Go to"), or null. */
export function actionIcon(action: Action): LucideIcon | null {
  if (action.kind === 'view') return VIEW_ICON[action.view];
  return ACTION_ICON[action.kind] ?? null;
}

/** The date picker's: its trigger, the month buttons and each quick choice (Today as in the
 *  sidebar). */
export const PICKER_ICON = { calendar: Calendar, previous: ChevronLeft, next: ChevronRight } as const;

export const QUICK_ICON: Record<QuickId, LucideIcon> = {
  today: Sun,
  tomorrow: Sunrise,
  nextWeek: CalendarChevronsRight,
  weekend: Sofa,
  none: CalendarOff,
};
