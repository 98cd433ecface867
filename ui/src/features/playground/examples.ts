/**
 * Ready-to-run client code for the playground's request, with the real gateway URL and the
 * endpoint's name as model. The key is read from HANGAR_API_KEY, and each example says where a
 * key comes from.
 */
import type { ChatRequest, EmbeddingsRequest } from './request'

export function gatewayUrl(origin = window.location.origin): string {
  return `${origin}/v1`
}

const KEY = 'HANGAR_API_KEY'
/** Where the key comes from, as comment lines after the comment marker of the language. */
const keySource = (marker: string) =>
  `${marker} ${KEY}: a key from the API keys page (/api-keys),\n${marker} or the admin key in $HANGAR_HOME/admin-api-key on the server`
const json = (value: unknown, indent = 2) => JSON.stringify(value, null, indent)
const indented = (text: string, by: string) => text.replace(/\n/g, `\n${by}`)
const shellQuoted = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`

type Language = 'curl' | 'python' | 'javascript' | 'java'
export const LANGUAGES: Language[] = ['curl', 'python', 'javascript', 'java']
export type { Language }

function curl(url: string, path: string, body: object): string {
  return `${keySource('#')}
curl ${url}${path} \\
  -H "Authorization: Bearer $${KEY}" \\
  -H "Content-Type: application/json" \\
  -d ${shellQuoted(json(body))}`
}

/** Python keyword arguments of the optional fields that are set. */
function pythonOptions(r: ChatRequest): string {
  return [
    r.stop ? `    stop=${json(r.stop, 0)},` : '',
    r.seed !== undefined ? `    seed=${r.seed},` : '',
    r.response_format ? `    response_format={"type": "json_object"},` : '',
  ]
    .filter(Boolean)
    .map((line) => `\n${line}`)
    .join('')
}

function pythonChat(url: string, r: ChatRequest): string {
  const messages = r.messages.map((m) => `        {"role": ${json(m.role)}, "content": ${json(m.content)}},`).join('\n')
  const call = `client.chat.completions.create(
    model=${json(r.model)},
    messages=[
${messages}
    ],
    max_tokens=${r.max_tokens},
    temperature=${r.temperature},
    top_p=${r.top_p},${pythonOptions(r)}`
  const head = `import os
from openai import OpenAI

${keySource('#')}
client = OpenAI(base_url=${json(url)}, api_key=os.environ["${KEY}"])
`
  return r.stream
    ? `${head}stream = ${call}
    stream=True,
)
for chunk in stream:
    if chunk.choices and chunk.choices[0].delta.content:
        print(chunk.choices[0].delta.content, end="", flush=True)
print()`
    : `${head}response = ${call}
)
print(response.choices[0].message.content)`
}

function javascriptChat(url: string, r: ChatRequest): string {
  const options = [
    r.stop ? `  stop: ${json(r.stop, 0)},` : '',
    r.seed !== undefined ? `  seed: ${r.seed},` : '',
    r.response_format ? `  response_format: { type: "json_object" },` : '',
  ].filter(Boolean)
  const call = `client.chat.completions.create({
  model: ${json(r.model)},
  messages: ${indented(json(r.messages), '  ')},
  max_tokens: ${r.max_tokens},
  temperature: ${r.temperature},
  top_p: ${r.top_p},
${options.map((o) => `${o}\n`).join('')}`
  const head = `import OpenAI from "openai";

${keySource('//')}
const client = new OpenAI({ baseURL: ${json(url)}, apiKey: process.env.${KEY} });
`
  return r.stream
    ? `${head}const stream = await ${call}  stream: true,
});
for await (const chunk of stream) {
  process.stdout.write(chunk.choices[0]?.delta?.content ?? "");
}`
    : `${head}const response = await ${call}});
console.log(response.choices[0].message.content);`
}

const JAVA_ROLES = { system: 'System', user: 'User', assistant: 'Assistant' } as const

function javaChat(url: string, r: ChatRequest): string {
  const lines = [
    `        .model(${json(r.model)})`,
    ...r.messages.map((m) => `        .add${JAVA_ROLES[m.role]}Message(${json(m.content)})`),
    `        .maxCompletionTokens(${r.max_tokens})`,
    `        .temperature(${r.temperature})`,
    `        .topP(${r.top_p})`,
    ...(r.stop ? [`        .stopOfStrings(List.of(${r.stop.map((s) => json(s)).join(', ')}))`] : []),
    ...(r.seed !== undefined ? [`        .seed(${r.seed}L)`] : []),
    ...(r.response_format ? ['        .responseFormat(ResponseFormatJsonObject.builder().build())'] : []),
  ]
  const call = r.stream
    ? `try (var stream = client.chat().completions().createStreaming(params)) {
    stream.stream().flatMap(chunk -> chunk.choices().stream())
            .forEach(choice -> System.out.print(choice.delta().content().orElse("")));
}`
    : `client.chat().completions().create(params).choices()
        .forEach(choice -> System.out.println(choice.message().content().orElse("")));`
  return `import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.ResponseFormatJsonObject;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.util.List;

${keySource('//')}
OpenAIClient client = OpenAIOkHttpClient.builder()
        .baseUrl(${json(url)})
        .apiKey(System.getenv("${KEY}"))
        .build();
ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
${lines.join('\n')}
        .build();
${call}`
}

/** The chat request as code in each language. */
export const CHAT_EXAMPLES: Record<Language, (url: string, request: ChatRequest) => string> = {
  curl: (url, r) => curl(url, '/chat/completions', r),
  python: pythonChat,
  javascript: javascriptChat,
  java: javaChat,
}

/** The embeddings request as code in each language. */
export const EMBEDDINGS_EXAMPLES: Record<Language, (url: string, request: EmbeddingsRequest) => string> = {
  curl: (url, r) => curl(url, '/embeddings', r),
  python: (url, r) => `import os
from openai import OpenAI

${keySource('#')}
client = OpenAI(base_url=${json(url)}, api_key=os.environ["${KEY}"])
response = client.embeddings.create(model=${json(r.model)}, input=${json(r.input, 0)})
for item in response.data:
    print(item.index, item.embedding[:8])`,
  javascript: (url, r) => `import OpenAI from "openai";

${keySource('//')}
const client = new OpenAI({ baseURL: ${json(url)}, apiKey: process.env.${KEY} });
const response = await client.embeddings.create({ model: ${json(r.model)}, input: ${json(r.input, 0)} });
for (const item of response.data) console.log(item.index, item.embedding.slice(0, 8));`,
  java: (url, r) => `import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.embeddings.EmbeddingCreateParams;
import java.util.List;

${keySource('//')}
OpenAIClient client = OpenAIOkHttpClient.builder()
        .baseUrl(${json(url)})
        .apiKey(System.getenv("${KEY}"))
        .build();
EmbeddingCreateParams params = EmbeddingCreateParams.builder()
        .model(${json(r.model)})
        .inputOfArrayOfStrings(List.of(${r.input.map((s) => json(s)).join(', ')}))
        .build();
client.embeddings().create(params).data()
        .forEach(item -> System.out.println(item.index() + " " + item.embedding().subList(0, 8)));`,
}
