package dev.hangar.worker;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code POST /v1/chat/completions}: messages through the model's chat template, answered whole or as a stream. */
final class ChatCompletionsRoute implements Route {
    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool");

    private final CompletionService completions;
    private final OpenAiShapes shapes;

    ChatCompletionsRoute(CompletionService completions, OpenAiShapes shapes) {
        this.completions = completions;
        this.shapes = shapes;
    }

    @Override
    public void handle(ApiCall call) throws Exception {
        RequestBody body = call.readJson();
        List<ChatMessage> messages = messages(body);
        GenerationParameters parameters = GenerationParameters.parse(body);
        String prompt = completions.renderChat(messages);
        String id = shapes.newId("chatcmpl-");
        ObjectNode roleChunk = chunk(id, parameters, null, "role", "assistant", "content", "");
        CompletionAnswer.Generator generator = sink -> completions.complete(prompt, parameters, sink);
        CompletionAnswer.send(call, generator, parameters, roleChunk, new CompletionAnswer.Shapes() {
            @Override
            public ObjectNode whole(Completion completion) {
                return shapes.chatCompletion(id, completion, parameters.topLogprobs() >= 0);
            }

            @Override
            public ObjectNode delta(String text, List<TokenLogprob> logprobs) {
                ObjectNode chunk = chunk(id, parameters, null, "content", text);
                if (parameters.topLogprobs() >= 0) {
                    ((ObjectNode) chunk.get("choices").get(0)).set("logprobs", shapes.chatLogprobs(logprobs));
                }
                return chunk;
            }

            @Override
            public ObjectNode last(FinishReason reason) {
                return chunk(id, parameters, reason);
            }

            @Override
            public ObjectNode usage(Completion completion) {
                return shapes.usageChunk(shapes.chatChunk(id, false), completion);
            }
        });
    }

    /** A chat chunk with one choice whose {@code delta} holds the given name/value pairs, and its finish reason. */
    private ObjectNode chunk(String id, GenerationParameters parameters, FinishReason reason, String... delta) {
        ObjectNode chunk = shapes.chatChunk(id, parameters.includeUsage());
        ObjectNode fields =
                chunk.withArray("choices").addObject().put("index", 0).putObject("delta");
        for (int i = 0; i < delta.length; i += 2) {
            fields.put(delta[i], delta[i + 1]);
        }
        shapes.finishChoice(chunk, reason);
        return chunk;
    }

    private static List<ChatMessage> messages(RequestBody body) {
        JsonNode array = body.field("messages")
                .filter(JsonNode::isArray)
                .orElseThrow(() -> ApiError.badRequest("'messages' must be a non-empty list", "messages"));
        if (array.isEmpty()) {
            throw ApiError.badRequest("'messages' must be a non-empty list", "messages");
        }
        List<ChatMessage> messages = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            JsonNode message = array.get(i);
            String where = "messages[" + i + "]";
            if (!message.isObject()) {
                throw ApiError.badRequest("'" + where + "' must be an object", "messages");
            }
            String role = message.path("role").asString("");
            if (!ROLES.contains(role)) {
                throw ApiError.badRequest(
                        "'" + where + ".role' must be one of system, developer, user, assistant, tool", "messages");
            }
            // Templates written before "developer" existed know it as "system".
            messages.add(
                    new ChatMessage(role.equals("developer") ? "system" : role, text(message.get("content"), where)));
        }
        return messages;
    }

    /** Content as plain text: a string, or the text parts of a part list joined (other parts are refused). */
    private static String text(JsonNode content, String where) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isString()) {
            return content.stringValue();
        }
        if (!content.isArray()) {
            throw ApiError.badRequest("'" + where + ".content' must be a string or a list of parts", "messages");
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : content) {
            if (!"text".equals(part.path("type").asString(""))
                    || !part.path("text").isString()) {
                throw ApiError.badRequest(
                        "'" + where + ".content' may only hold text parts: this model takes no images or audio",
                        "messages");
            }
            text.append(part.get("text").stringValue());
        }
        return text.toString();
    }
}
