/** Ready-to-run client code for an endpoint, with the real gateway URL and the endpoint's name as model. */

export interface ChatRequest {
  model: string
  messages: { role: 'system' | 'user'; content: string }[]
  max_tokens: number
  temperature: number
  top_p: number
}

export function gatewayUrl(origin = window.location.origin): string {
  return `${origin}/v1`
}

const KEY = 'HANGAR_API_KEY'
const json = (value: unknown, indent = 2) => JSON.stringify(value, null, indent)

function curl(url: string, request: ChatRequest): string {
  const body = json({ ...request, stream: false }).replace(/'/g, `'\\''`)
  return `curl ${url}/chat/completions \\
  -H "Authorization: Bearer $${KEY}" \\
  -H "Content-Type: application/json" \\
  -d '${body}'`
}

function python(url: string, request: ChatRequest): string {
  const messages = request.messages.map((m) => `        {"role": ${json(m.role)}, "content": ${json(m.content)}},`).join('\n')
  return `import os
from openai import OpenAI

client = OpenAI(base_url=${json(url)}, api_key=os.environ["${KEY}"])
stream = client.chat.completions.create(
    model=${json(request.model)},
    messages=[
${messages}
    ],
    max_tokens=${request.max_tokens},
    temperature=${request.temperature},
    top_p=${request.top_p},
    stream=True,
)
for chunk in stream:
    if chunk.choices and chunk.choices[0].delta.content:
        print(chunk.choices[0].delta.content, end="", flush=True)
print()`
}

function javascript(url: string, request: ChatRequest): string {
  return `import OpenAI from "openai";

const client = new OpenAI({ baseURL: ${json(url)}, apiKey: process.env.${KEY} });
const stream = await client.chat.completions.create({
  model: ${json(request.model)},
  messages: ${json(request.messages, 2).replace(/\n/g, '\n  ')},
  max_tokens: ${request.max_tokens},
  temperature: ${request.temperature},
  top_p: ${request.top_p},
  stream: true,
});
for await (const chunk of stream) {
  process.stdout.write(chunk.choices[0]?.delta?.content ?? "");
}`
}

function java(url: string, request: ChatRequest): string {
  const messages = request.messages
    .map((m) => `        .add${m.role === 'system' ? 'System' : 'User'}Message(${json(m.content)})`)
    .join('\n')
  return `import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;

OpenAIClient client = OpenAIOkHttpClient.builder()
        .baseUrl(${json(url)})
        .apiKey(System.getenv("${KEY}"))
        .build();
ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
        .model(${json(request.model)})
${messages}
        .maxCompletionTokens(${request.max_tokens})
        .temperature(${request.temperature})
        .topP(${request.top_p})
        .build();
client.chat().completions().create(params).choices()
        .forEach(choice -> System.out.println(choice.message().content().orElse("")));`
}

export const EXAMPLES = { curl, python, javascript, java } as const
export type Language = keyof typeof EXAMPLES
