import type { ProblemDetails } from '#shared/schemas/common'

/** Shaped like a fetch error (`statusCode`, `data`), so `problemDetail` reads it the same way. */
export class UploadError extends Error {
  constructor(message: string, readonly statusCode?: number, readonly data?: ProblemDetails) {
    super(message)
    this.name = 'UploadError'
  }
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined
  }
  catch {
    return undefined
  }
}

/**
 * Sends a form with XMLHttpRequest rather than fetch, because only XHR reports upload progress.
 * `onProgress` receives a fraction from 0 to 1 of the bytes sent.
 */
export function sendWithProgress<T>(method: 'POST' | 'PUT', url: string, form: FormData, onProgress: (fraction: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open(method, url)
    xhr.setRequestHeader('accept', 'application/json')
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total)
    }
    xhr.onload = () => {
      const body = parseJson(xhr.responseText)
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1)
        resolve(body as T)
        return
      }
      const problem = body as ProblemDetails | undefined
      reject(new UploadError(problem?.detail ?? `Upload failed (${xhr.status})`, xhr.status, problem))
    }
    xhr.onerror = () => reject(new UploadError('The server could not be reached. Check your connection.'))
    xhr.onabort = () => reject(new UploadError('The upload was cancelled.'))
    xhr.send(form)
  })
}

export function postWithProgress<T>(url: string, form: FormData, onProgress: (fraction: number) => void): Promise<T> {
  return sendWithProgress<T>('POST', url, form, onProgress)
}
