// The one place the UI talks to the Rust side: typed wrappers over Tauri's `invoke`.
import { invoke } from '@tauri-apps/api/core';
import type { ApiErrorPayload, TodoPage } from './types';

/** A failed command, with the stable `code` the shell sends (or `ipc` when the call itself failed). */
export class ApiError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
  }
}

function isErrorPayload(value: unknown): value is ApiErrorPayload {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return typeof record.code === 'string' && typeof record.message === 'string';
}

function toApiError(err: unknown): ApiError {
  if (isErrorPayload(err)) return new ApiError(err.code, err.message);
  if (err instanceof Error) return new ApiError('ipc', err.message);
  return new ApiError('ipc', String(err));
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (err) {
    throw toApiError(err);
  }
}

/** Every todo in the store, open and completed, open ones first (the facade's smart order). */
export function listTodos(): Promise<TodoPage> {
  return call<TodoPage>('list_todos');
}
