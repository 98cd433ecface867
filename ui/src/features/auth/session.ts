import { ref } from 'vue'
import { auth, type Caller } from '../../api/hangar'
import { ApiError } from '../../api/client'

/** Who is logged in; null before the first check and after logout. */
export const caller = ref<Caller | null>(null)

/** Asks the server who the session belongs to; false when there is no valid session. */
export async function checkSession(): Promise<boolean> {
  if (caller.value) return true
  try {
    caller.value = await auth.me()
    return true
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return false
    throw e
  }
}

export async function logIn(username: string, password: string): Promise<void> {
  await auth.login(username, password)
  caller.value = await auth.me()
}

export async function logOut(): Promise<void> {
  await auth.logout()
  caller.value = null
}

export function forgetSession(): void {
  caller.value = null
}
