package dev.hangar.server.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hangar.server.problem.ProblemType;
import dev.hangar.server.runtime.RuntimeCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The UI translates server messages by code; ui/src/i18n/server/codes.json is its copy of the
 * catalog (each code with its English template: every {@link MessageCode}, and the help of every
 * engine argument of the built-in runtimes and why one is not launchable, and the title of every
 * problem type), which the UI's own test holds every language against.
 * This keeps that copy equal to the catalog, both ways.
 */
class MessageCatalogTest {

    private static final Path COMMITTED = Path.of("..", "ui", "src", "i18n", "server", "codes.json");
    private static final Path CURRENT = Path.of("target", "message-codes.json");

    @Test
    void committedCodesOfTheUiAreTheCatalog() throws Exception {
        JsonMapper json = JsonMapper.builder().build();
        Map<String, String> catalog = new TreeMap<>();
        Arrays.stream(MessageCode.values()).forEach(c -> catalog.put(c.code(), c.template()));
        new RuntimeCatalog().all().forEach(runtime -> {
            runtime.engineArgs().forEach(arg -> catalog.put(arg.helpCode(), arg.help()));
            runtime.notLaunchableReasonCode()
                    .ifPresent(code ->
                            catalog.put(code, runtime.notLaunchableReason().orElseThrow()));
        });
        Arrays.stream(ProblemType.values()).forEach(type -> catalog.put(type.titleCode(), type.title()));
        Files.createDirectories(CURRENT.getParent());
        Files.writeString(CURRENT, json.writerWithDefaultPrettyPrinter().writeValueAsString(catalog) + "\n");

        Map<String, String> committed = new TreeMap<>();
        json.readTree(Files.readString(COMMITTED))
                .properties()
                .forEach(entry -> committed.put(entry.getKey(), entry.getValue().asString()));

        Set<String> differing = new TreeSet<>(catalog.keySet());
        differing.addAll(committed.keySet());
        differing.removeIf(code -> Objects.equals(catalog.get(code), committed.get(code)));
        assertThat(differing)
                .as("ui/src/i18n/server/codes.json is not the server's message catalog; after changing"
                        + " MessageCode run 'cp server/target/message-codes.json ui/src/i18n/server/codes.json'"
                        + " and translate the new codes in ui/src/i18n/server/")
                .isEmpty();
    }

    @Test
    void codesAreDottedAndUnique() {
        assertThat(Arrays.stream(MessageCode.values()).map(MessageCode::code))
                .doesNotHaveDuplicates()
                .allMatch(code -> code.matches("[a-z][a-zA-Z]*(\\.[a-z][a-zA-Z]*)+"), "dotted lower camel case");
    }

    @Test
    void textIsTheTemplateFilledWithTheParameters() {
        Message message = MessageCode.ENDPOINT_ACTION_NOT_ALLOWED.with(
                "name", "chat", "state", "Stopped", "action", "scale", "allowed", List.of("start", "delete"));

        assertThat(message.code()).isEqualTo("endpoint.actionNotAllowed");
        assertThat(message.text())
                .isEqualTo("Endpoint 'chat' is Stopped; cannot scale it now. Allowed in Stopped: start, delete.");
        assertThat(message.params())
                .containsOnly(
                        Map.entry("name", "chat"),
                        Map.entry("state", "Stopped"),
                        Map.entry("action", "scale"),
                        Map.entry("allowed", "start, delete"));
    }

    @Test
    void collectionIsListedCommaSeparatedInItsOrderOrSortedWhereItHasNone() {
        assertThat(MessageCode.RUNTIME_UNKNOWN
                        .with("runtime", "vlm", "runtimes", List.of("vllm", "ollama"))
                        .text())
                .isEqualTo("unknown runtime 'vlm'; runtimes: vllm, ollama");
        assertThat(MessageCode.RUNTIME_UNKNOWN
                        .with("runtime", "vlm", "runtimes", Set.of("vllm", "ollama", "tgi"))
                        .params())
                .containsEntry("runtimes", "ollama, tgi, vllm");
        assertThat(MessageCode.TYPE_ONE_OF
                        .with("choices", EnumSet.of(DayOfWeek.FRIDAY, DayOfWeek.MONDAY))
                        .text())
                .isEqualTo("one of MONDAY, FRIDAY");
    }

    @Test
    void messagesInACollectionAreListedByTheirText() {
        Message listed = MessageCode.TYPE_ONE_OF.with(
                "choices", List.of(MessageCode.TYPE_STRING.with(), MessageCode.TYPE_NUMBER.with()));

        assertThat(listed.text()).isEqualTo("one of a string, a number");
    }

    @Test
    void nestedMessageShowsItsTextInsideAndKeepsItsCode() {
        Message why = MessageCode.MODEL_WITHDRAWN_DELETED.with("model", "tiny", "user", "bob");
        Message stopping = MessageCode.REASON_STOPPING.with("why", why);

        assertThat(stopping.text())
                .isEqualTo("stopping: model 'tiny' was deleted by bob, so this endpoint stopped; delete it and deploy"
                        + " another model");
        assertThat(stopping.params().get("why")).isEqualTo(why);
    }

    @Test
    void parametersMustBeExactlyTheTemplates() {
        assertThatThrownBy(() -> MessageCode.EVENT_SCALED.with("from", 1, "to", 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("missing user");
        assertThatThrownBy(() -> MessageCode.REASON_STOPPED.with("why", "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown why");
    }

    @Test
    void storedMessageComesBackWithItsNestedMessages() {
        Message stored = MessageCode.REASON_STOPPING.with(
                "why", MessageCode.REASON_REQUESTED.with("action", "stop", "user", "alice"));
        JsonMapper json = JsonMapper.builder().build();
        @SuppressWarnings("unchecked")
        Map<String, Object> params =
                json.readValue(json.writeValueAsString(stored.sortedParams()), LinkedHashMap.class);

        assertThat(Message.restore(stored.code(), params, stored.text())).isEqualTo(stored);
    }
}
