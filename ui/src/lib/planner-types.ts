// The planner's records over IPC (today_view, upcoming, calendar, search_all, insights, review).
// The views the facade sends are generated from the Rust types (bindings/facade.ts); what the UI
// sends is written here. Re-exported by types.ts: import them from there.
export type {
  TodayReason,
  TodayItem,
  MorningSummary,
  TodayCounts,
  TodayView,
  UpcomingDay,
  UpcomingView,
  CalendarDay,
  CalendarView,
  SearchHit,
  SearchView,
  InsightsGroup,
  InsightsBucket,
  CarriedTask,
  Streaks,
  Insights,
  ReviewPeriod,
  ReviewTodo,
  SlippedTask,
  DatedNote,
  Review,
} from './bindings/facade';

export type CarriedAction = 'drop' | 'todo' | 'later';

export type SearchKind = 'todo' | 'plan' | 'journal' | 'archive';

export interface SearchQuery {
  text: string;
  kinds?: SearchKind[];
  from?: string;
  to?: string;
  limit?: number;
}
