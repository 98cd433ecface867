import { errorOf } from '../../api/client'

/** The connection broke while a file was being sent (the server said nothing). */
export class UploadInterrupted extends Error {
  constructor(readonly file: string) {
    super(file)
  }
}

/**
 * PUTs one file's bytes with XMLHttpRequest, the browser API that reports upload progress;
 * `progress` gets the bytes sent so far.
 */
export function uploadFile(url: string, file: File, progress: (sent: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('PUT', url)
    xhr.setRequestHeader('Content-Type', 'application/octet-stream')
    xhr.upload.onprogress = (event) => progress(event.loaded)
    xhr.onload = async () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        progress(file.size)
        resolve()
      } else {
        reject(await errorOf(new Response(xhr.responseText, { status: xhr.status, statusText: xhr.statusText })))
      }
    }
    xhr.onerror = () => reject(new UploadInterrupted(file.name))
    xhr.send(file)
  })
}
