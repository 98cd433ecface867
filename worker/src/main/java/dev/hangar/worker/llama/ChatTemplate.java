package dev.hangar.worker.llama;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Renders a conversation into a prompt through {@code llama_chat_apply_template}, which recognises the common chat
 * formats (ChatML, Llama 2/3, Gemma, ...) from a template's source or name; it does not run arbitrary Jinja.
 */
public final class ChatTemplate {
    /** The format used when a model carries no template, as llama-server does. */
    public static final String DEFAULT = "chatml";

    private final LlamaFunctions f;
    private final String template;

    private ChatTemplate(LlamaFunctions functions, String template) {
        this.f = functions;
        this.template = template;
    }

    /** The model's own template, else {@link #DEFAULT}. */
    public static ChatTemplate of(LlamaModel model) {
        return new ChatTemplate(
                model.library().functions(), model.chatTemplate().orElse(DEFAULT));
    }

    /** One turn of a conversation. */
    public record Message(String role, String content) {}

    /**
     * The prompt for {@code messages}, ending with the opening of the assistant's turn.
     *
     * @throws LlamaException when llama.cpp does not know the template's format
     */
    public String apply(List<Message> messages) {
        try (Arena arena = Arena.ofConfined()) {
            var layout = LlamaStructs.LLAMA_CHAT_MESSAGE;
            MemorySegment chat = arena.allocate(layout, Math.max(1, messages.size()));
            long promptBytes = 0;
            for (int i = 0; i < messages.size(); i++) {
                MemorySegment message = chat.asSlice(i * layout.byteSize(), layout);
                Message turn = messages.get(i);
                LlamaStructs.setAddress(message, layout, "role", arena.allocateFrom(turn.role()));
                LlamaStructs.setAddress(message, layout, "content", arena.allocateFrom(turn.content()));
                promptBytes += turn.content().length() * 4L + turn.role().length() + 64;
            }
            MemorySegment source = arena.allocateFrom(template);
            int capacity = (int) Math.min(Integer.MAX_VALUE, promptBytes + 256);
            MemorySegment buffer = arena.allocate(capacity);
            int length = f.chatApplyTemplate(source, chat, messages.size(), true, buffer, capacity);
            if (length > capacity) {
                capacity = length;
                buffer = arena.allocate(capacity);
                length = f.chatApplyTemplate(source, chat, messages.size(), true, buffer, capacity);
            }
            if (length < 0) {
                throw LlamaException.withLog(
                        "llama.cpp does not know this model's chat template, so it cannot render a chat");
            }
            return new String(buffer.asSlice(0, length).toArray(JAVA_BYTE), StandardCharsets.UTF_8);
        }
    }
}
