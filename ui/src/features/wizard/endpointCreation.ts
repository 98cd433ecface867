import { ref } from 'vue'
import { useRouter } from 'vue-router'
import { endpoints, type CreateEndpointRequest } from '../../api/hangar'
import { fieldMessage } from '../../api/client'

/**
 * Creating an endpoint from a form (the model wizard, the provider page): the request in flight, the
 * server's problem if it refused, its message for a field, and on success the new endpoint's page.
 */
export function useEndpointCreation() {
  const router = useRouter()
  const submitting = ref(false)
  const problem = ref<Error | null>(null)

  const fieldError = (...fields: string[]) => fieldMessage(problem.value, ...fields)

  /** Sends the request; on a refusal keeps the problem and runs {@code afterFailure} (e.g. to show the first field error). */
  async function create(request: CreateEndpointRequest, afterFailure?: () => Promise<void> | void) {
    submitting.value = true
    problem.value = null
    try {
      const created = await endpoints.create(request)
      router.push(`/endpoints/${created.name}`)
    } catch (e) {
      problem.value = e instanceof Error ? e : new Error(String(e))
      await afterFailure?.()
    } finally {
      submitting.value = false
    }
  }

  return { submitting, problem, fieldError, create }
}
