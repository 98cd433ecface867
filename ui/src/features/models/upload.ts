import { errorOf } from '../../api/client'
import { models, type Model, type UploadState } from '../../api/hangar'

/** The connection broke while a file was being sent (the server said nothing). */
export class UploadInterrupted extends Error {
  constructor(readonly file: string) {
    super(file)
  }
}

/**
 * PUTs one file's bytes from `offset` on (what the server confirmed it holds) with XMLHttpRequest,
 * the browser API that reports upload progress; `progress` gets the bytes of the file now sent,
 * counting those the server already had.
 */
export function uploadFile(url: string, file: File, offset: number, progress: (sent: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('PUT', url)
    xhr.setRequestHeader('Content-Type', 'application/octet-stream')
    xhr.upload.onprogress = (event) => progress(offset + event.loaded)
    xhr.onload = async () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        progress(file.size)
        resolve()
      } else {
        reject(await errorOf(new Response(xhr.responseText, { status: xhr.status, statusText: xhr.statusText })))
      }
    }
    xhr.onerror = () => reject(new UploadInterrupted(file.name))
    xhr.send(offset ? file.slice(offset) : file)
  })
}

/** A file picked to send, as far as the resume decision needs it. */
export interface PickedFile {
  name: string
  size: number
}

/** One file still to send, from the offset the server confirmed. */
export interface UploadStep<F extends PickedFile = PickedFile> {
  file: F
  offset: number
}

/** Why the picked files cannot continue the server's upload: an i18n key under models.resume and its values. */
export interface ResumeRefusal {
  reason: 'complete' | 'missing' | 'larger' | 'empty'
  params: Record<string, string | number>
}

export type ResumePlan<F extends PickedFile = PickedFile> =
  | { steps: UploadStep<F>[]; held: number; refusal?: undefined }
  | { refusal: ResumeRefusal; steps?: undefined }

/**
 * Decides how the picked files continue an upload the server holds part of: each file goes on
 * from the bytes the server confirmed (0 for one it has nothing of; a file it has whole is
 * skipped). Refused when the upload is complete, when no file is picked, when a file the server
 * has is not among those picked (another model's files), or when the server has more of a file
 * than the picked one holds (not the same file).
 */
export function planResume<F extends PickedFile>(picked: F[], state: UploadState): ResumePlan<F> {
  if (state.complete) return { refusal: { reason: 'complete', params: {} } }
  if (picked.length === 0) return { refusal: { reason: 'empty', params: {} } }
  const received = new Map((state.files ?? []).map((f) => [f.name ?? '', f.sizeBytes ?? 0]))
  const names = new Set(picked.map((f) => f.name))
  const unpicked = [...received.keys()].find((name) => !names.has(name))
  if (unpicked !== undefined) return { refusal: { reason: 'missing', params: { file: unpicked } } }
  const steps: UploadStep<F>[] = []
  let held = 0
  for (const file of picked) {
    const have = received.get(file.name) ?? 0
    if (have > file.size) {
      return { refusal: { reason: 'larger', params: { file: file.name, have, size: file.size } } }
    }
    held += have
    if (have < file.size || file.size === 0) steps.push({ file, offset: have })
  }
  return { steps, held }
}

/** A model that may still wait for its files: uploaded, and importing (its upload state tells). */
export function mayAwaitUpload(model: Model): boolean {
  return model.source?.type === 'upload' && model.status === 'importing'
}

/** Whether the server holds an unfinished upload of this model, which "Resume upload" continues. */
export async function awaitsUpload(model: Model): Promise<boolean> {
  if (!mayAwaitUpload(model)) return false
  const state = await models.uploadState(model.name!).catch(() => null)
  return state?.complete === false
}
