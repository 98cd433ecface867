import type { CreateEndpointRequest } from '../../api/hangar'

/** What the router form holds; prices are the text of their inputs. */
export interface RouterForm {
  name: string
  baseUrl: string
  model: string
  apiKey: string
  promptPrice: string
  completionPrice: string
  visibility: 'private' | 'public'
  description: string
}

/**
 * The create request of a router endpoint: runtime openai-compatible with its upstream; empty
 * fields are left out so that the server's defaults apply (the model defaults to the endpoint's
 * name, no key means the provider takes none, no price means none is metered).
 */
export function routerRequest(form: RouterForm): CreateEndpointRequest {
  const price = (text: string) => (text.trim() === '' ? undefined : Number(text))
  const prompt = price(form.promptPrice)
  const completion = price(form.completionPrice)
  return {
    name: form.name.trim(),
    runtime: 'openai-compatible',
    upstream: {
      baseUrl: form.baseUrl.trim(),
      model: form.model.trim() || undefined,
      apiKey: form.apiKey === '' ? undefined : form.apiKey,
    },
    pricing:
      prompt === undefined && completion === undefined
        ? undefined
        : { promptPerMillionTokens: prompt, completionPerMillionTokens: completion },
    visibility: form.visibility,
    description: form.description.trim() || undefined,
  }
}
