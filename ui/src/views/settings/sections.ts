// The Settings view's sections, in page order: the nav's links and the sections' element ids.
export interface SettingsSection {
  id: string;
  label: string;
}

export const SETTINGS_SECTIONS: readonly SettingsSection[] = [
  { id: 'settings-general', label: 'General' },
  { id: 'settings-storage', label: 'Storage and sync' },
  { id: 'settings-ai', label: 'AI clients' },
  { id: 'settings-reminders', label: 'Reminders' },
  { id: 'settings-data', label: 'Data' },
  { id: 'settings-updates', label: 'Updates' },
  { id: 'settings-advanced', label: 'Advanced' },
];
