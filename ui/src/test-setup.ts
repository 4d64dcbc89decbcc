// jsdom lacks ResizeObserver (Svelte's bind:clientHeight uses it): a no-op stand-in.
class NoopResizeObserver {
  observe(): void {
    /* nothing to observe in jsdom */
  }
  unobserve(): void {
    /* nothing to stop */
  }
  disconnect(): void {
    /* nothing to stop */
  }
}
globalThis.ResizeObserver = NoopResizeObserver;
