package dev.hangar.server.dataset;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Collection;
import java.util.Locale;

/**
 * The well-known fine-tuning shapes a dataset's rows may have, which fine-tuning and evaluation
 * rely on to read it: {@code chat} (a {@code messages} list of {@code {role, content}}, as OpenAI's
 * and TRL's conversational format), {@code instruction} (Alpaca's instruction/input/output, or
 * prompt/completion), {@code text} (plain language-modelling text), else {@code tabular}.
 */
public enum DatasetSchema {
    CHAT,
    INSTRUCTION,
    TEXT,
    TABULAR;

    /**
     * The shape of rows with these columns; {@code chatMessages} says whether the sampled
     * {@code messages} values were lists of role/content objects, which column names alone cannot tell.
     */
    static DatasetSchema detect(Collection<String> columns, boolean chatMessages) {
        if (chatMessages && columns.contains("messages")) {
            return CHAT;
        }
        if ((columns.contains("instruction") && columns.contains("output"))
                || (columns.contains("prompt") && columns.contains("completion"))) {
            return INSTRUCTION;
        }
        return columns.contains("text") ? TEXT : TABULAR;
    }

    @JsonValue
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }

    static DatasetSchema of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
