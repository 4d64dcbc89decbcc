// The theme: `system` follows the OS (prefers-color-scheme); `light` / `dark` force one.
import type { Theme } from './types';

export function applyTheme(theme: Theme): void {
  if (theme === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
}
