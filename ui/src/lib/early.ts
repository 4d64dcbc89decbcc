// Asks the shell for Today's data as soon as the script runs, when the window opens on Today:
// the shell works on it while the page builds its components (about a third of the page's start).
// Imported only by main.ts, right after startup.ts.
import { todayView } from './api';
import { viewFromHash } from './shortcuts';
import { keepEarlyToday } from './startup';

if (viewFromHash(location.hash) === 'today') keepEarlyToday(todayView());
