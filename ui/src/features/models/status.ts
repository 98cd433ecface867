import type { Tone } from '../../components/StatusBadge.vue'
import type { Model } from '../../api/hangar'

export type ModelStatus = NonNullable<Model['status']>

const TONES: Record<ModelStatus, Tone> = {
  importing: 'info',
  scanning: 'info',
  ready: 'ok',
  failed: 'bad',
  quarantined: 'warn',
}

export function modelTone(status: ModelStatus | undefined): Tone {
  return status ? TONES[status] : 'idle'
}

/** A model still being imported or scanned: its page refreshes until it settles. */
export function settling(status: ModelStatus | undefined): boolean {
  return status === 'importing' || status === 'scanning'
}
