package dev.hangar.server.imports;

import dev.hangar.server.message.MessageCode;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * One kind of imported thing: how it is named in messages, where it is stored, and the statuses
 * the shared import rules move it through. Its events are in {@code <noun>_events} and its files
 * in {@code <noun>_files}, each naming it in {@code <noun>_id}.
 *
 * @param noun what it is called in logs and tables, e.g. {@code model}
 * @param nounCode what it is called in messages, e.g. {@code noun.model}
 * @param table its table, e.g. {@code models}
 * @param alias the table's alias in its queries, e.g. {@code m}
 * @param status reads a stored status
 * @param importing the status of a new thing, and of one imported again
 * @param ready the status of a usable thing, whose files are re-checked
 * @param failed the status of a thing whose import or files failed
 * @param event makes the API view of one status change
 */
public record ImportedKind<S extends Enum<S> & ImportStatus<S>, E>(
        String noun,
        MessageCode nounCode,
        String table,
        String alias,
        Function<String, S> status,
        S importing,
        S ready,
        S failed,
        EventView<S, E> event) {

    /** Makes the API view of one status change: its English reason, and the reason's code and parameters (null before codes). */
    public interface EventView<S, E> {
        E of(Instant at, S status, String reason, String code, Map<String, Object> params);
    }

    /** The noun with a capital, to start a sentence. */
    String title() {
        return noun.substring(0, 1).toUpperCase(Locale.ROOT) + noun.substring(1);
    }

    /** The statuses an import is under way in, in their order. */
    List<S> inProgress() {
        return Arrays.stream(importing.getDeclaringClass().getEnumConstants())
                .filter(ImportStatus::inProgress)
                .toList();
    }

    String eventTable() {
        return noun + "_events";
    }

    String filesTable() {
        return noun + "_files";
    }

    /** The column of its events and files that names it. */
    String key() {
        return noun + "_id";
    }

    /** A column of its table, qualified by the alias. */
    String column(String name) {
        return alias + "." + name;
    }
}
