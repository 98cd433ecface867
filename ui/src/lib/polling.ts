import { onBeforeUnmount, onMounted } from 'vue'

/**
 * Runs `load` now and then every `intervalMs` while the component is shown; a slow call is never
 * overlapped by the next one, and a hidden browser tab does not poll.
 */
export function usePolling(load: () => Promise<unknown>, intervalMs: () => number): { now: () => Promise<void> } {
  let timer: ReturnType<typeof setTimeout> | undefined
  let stopped = false

  async function tick() {
    clearTimeout(timer)
    if (stopped) return
    try {
      if (!document.hidden) await load()
    } finally {
      if (!stopped) timer = setTimeout(tick, intervalMs())
    }
  }

  onMounted(tick)
  onBeforeUnmount(() => {
    stopped = true
    clearTimeout(timer)
  })
  return { now: tick }
}
