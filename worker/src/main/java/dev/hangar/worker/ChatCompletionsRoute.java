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
        if (!parameters.stream()) {
            Completion completion = completions.complete(prompt, parameters, TokenSink.DISCARD);
            call.recordUsage(
                    completion.promptTokens(),
                    completion.generation().completionTokens(),
                    completion.generation().timeToFirstToken());
            call.sendJson(200, shapes.chatCompletion(id, completion));
            return;
        }
        ObjectNode roleChunk = shapes.chatChunk(id, parameters.includeUsage());
        roleChunk
                .withArray("choices")
                .addObject()
                .put("index", 0)
                .putObject("delta")
                .put("role", "assistant")
                .put("content", "");
        shapes.finishChoice(roleChunk, null);
        try (LazyEventStream stream = new LazyEventStream(call, roleChunk)) {
            Completion completion;
            try {
                completion = completions.complete(prompt, parameters, text -> {
                    ObjectNode chunk = shapes.chatChunk(id, parameters.includeUsage());
                    chunk.withArray("choices")
                            .addObject()
                            .put("index", 0)
                            .putObject("delta")
                            .put("content", text);
                    shapes.finishChoice(chunk, null);
                    stream.send(chunk);
                });
            } catch (EngineException e) {
                if (!stream.isOpen()) {
                    throw e;
                }
                stream.fail(e.getMessage());
                return;
            }
            Generation generation = completion.generation();
            call.recordUsage(completion.promptTokens(), generation.completionTokens(), generation.timeToFirstToken());
            ObjectNode last = shapes.chatChunk(id, parameters.includeUsage());
            last.withArray("choices").addObject().put("index", 0).putObject("delta");
            shapes.finishChoice(last, generation.finishReason());
            if (parameters.includeUsage()) {
                stream.finish(last, shapes.usageChunk(shapes.chatChunk(id, false), completion));
            } else {
                stream.finish(last);
            }
        }
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
