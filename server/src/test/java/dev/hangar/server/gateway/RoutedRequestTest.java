package dev.hangar.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hangar.server.problem.ApiException;
import dev.hangar.server.problem.ProblemType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class RoutedRequestTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void wrongTypesOfCommonFieldsAreRefusedNamingTheField() {
        assertRefused("{\"model\":\"m\",\"messages\":[],\"max_tokens\":\"10\"}", "max_tokens");
        assertRefused("{\"model\":\"m\",\"messages\":[],\"max_tokens\":1.5}", "max_tokens");
        assertRefused("{\"model\":\"m\",\"messages\":[],\"temperature\":\"hot\"}", "temperature");
        assertRefused("{\"model\":\"m\",\"messages\":[],\"stop\":7}", "stop");
        assertRefused("{\"model\":\"m\",\"messages\":[],\"stream\":\"yes\"}", "stream");
        assertRefused("{\"model\":\"m\",\"messages\":[],\"stream_options\":true}", "stream_options");
        assertRefused("{\"model\":\"m\",\"messages\":[{\"role\":\"user\"},\"hi\"]}", "messages[1]");
    }

    @Test
    void aValidRequestKeepsItsBytesUnlessItStreamsWithoutAskingForUsage() {
        byte[] plain =
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}],\"temperature\":0.2,\"stop\":[\"x\"]}"
                        .getBytes(StandardCharsets.UTF_8);
        RoutedRequest request = RoutedRequest.parse(InferenceKind.CHAT, plain, JSON);

        assertThat(request.body()).isSameAs(plain);
        assertThat(request.stream()).isFalse();
        assertThat(request.estimatedPromptTokens()).as("5 characters").isEqualTo(2);

        RoutedRequest asked =
                chat("{\"model\":\"m\",\"messages\":[],\"stream\":true,\"stream_options\":{\"include_usage\":true}}");
        assertThat(asked.usageAdded()).isFalse();
        RoutedRequest notAsked = chat("{\"model\":\"m\",\"messages\":[],\"stream\":true}");
        assertThat(notAsked.usageAdded()).isTrue();
        assertThat(JSON.readTree(notAsked.body())
                        .path("stream_options")
                        .path("include_usage")
                        .asBoolean())
                .isTrue();
    }

    @Test
    void aStreamThatDidNotAskForUsageGetsTheOptionAndKeepsEverythingElseAsSent() {
        RoutedRequest noOptions = chat(" \n{\"model\":\"m\",  \"messages\":[],\"stream\":true,\"seed\":7}");
        RoutedRequest optionsWithoutUsage =
                chat("{\"model\":\"m\",\"messages\":[],\"stream\":true,\"stream_options\":{\"include_usage\":false}}");

        assertThat(new String(noOptions.body(), StandardCharsets.UTF_8))
                .isEqualTo(" \n{\"stream_options\":{\"include_usage\":true},\"model\":\"m\",  \"messages\":[],"
                        + "\"stream\":true,\"seed\":7}");
        assertThat(JSON.readTree(optionsWithoutUsage.body())
                        .path("stream_options")
                        .path("include_usage")
                        .asBoolean())
                .isTrue();
        assertThat(optionsWithoutUsage.usageAdded()).isTrue();
    }

    @Test
    void theFirstWrongFieldIsNamedInTheOrderTheyAreChecked() {
        assertRefused("{\"messages\":[],\"max_tokens\":\"x\"}", "model");
        assertRefused("{\"model\":\"m\",\"messages\":{},\"max_tokens\":\"x\"}", "messages");
        assertRefused("{\"model\":\"m\",\"messages\":[],\"top_p\":\"x\",\"seed\":1.5,\"stop\":1}", "seed");
        assertRefused("{\"model\":\"m\",\"messages\":[7],\"stream\":1,\"stop\":1}", "stop");
        assertRefused("{\"model\":\"m\",\"messages\":[{\"content\":\"hi\"}],\"stream\":1}", "messages[0]");
        assertRefused("{\"model\":\"m\",\"messages\":[],\"stream\":1,\"stream_options\":2}", "stream");
    }

    @Test
    void promptTextIsCountedInMessagesPartsAndPrompts() {
        RoutedRequest chat = chat("{\"model\":\"m\",\"messages\":[{\"role\":\"system\",\"content\":\"Be brief\"},"
                + "{\"role\":\"user\",\"name\":\"somebody\",\"content\":[{\"type\":\"text\",\"text\":\"Hello\"},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://example.com/cat.png\"}}]}]}");
        RoutedRequest tokens = RoutedRequest.parse(
                InferenceKind.COMPLETION,
                "{\"model\":\"m\",\"prompt\":[[1,2,3],\"ab\"]}".getBytes(StandardCharsets.UTF_8),
                JSON);

        assertThat(chat.promptChars()).isEqualTo("Be brief".length() + "Hello".length());
        assertThat(tokens.promptChars()).isEqualTo(3 * 4 + 2);
    }

    @Test
    void aBodyThatIsNotOneJsonObjectIsMalformed() {
        for (String body :
                List.of("", "  ", "[1]", "{\"model\":\"m\",", "{\"model\":\"m\",\"messages\":[]} {}", "nope")) {
            assertThatThrownBy(() -> chat(body))
                    .as(body)
                    .isInstanceOfSatisfying(
                            ApiException.class, e -> assertThat(e.type()).isEqualTo(ProblemType.MALFORMED_BODY));
        }
    }

    @Test
    void embeddingsNeverStream() {
        RoutedRequest request = RoutedRequest.parse(
                InferenceKind.EMBEDDING,
                "{\"model\":\"m\",\"input\":[\"ab\",\"cd\"],\"stream\":true}".getBytes(StandardCharsets.UTF_8),
                JSON);

        assertThat(request.stream()).isFalse();
        assertThat(request.usageAdded()).isFalse();
        assertThat(request.promptChars()).isEqualTo(4);
    }

    @Test
    void rerankingNeverStreamsAndNeedsAQuery() {
        RoutedRequest request = RoutedRequest.parse(
                InferenceKind.RERANK,
                "{\"model\":\"m\",\"query\":\"q\",\"documents\":[\"a\"],\"stream\":true}"
                        .getBytes(StandardCharsets.UTF_8),
                JSON);
        assertThat(request.stream()).isFalse();
        assertThat(request.usageAdded()).isFalse();

        assertThatThrownBy(() -> RoutedRequest.parse(
                        InferenceKind.RERANK,
                        "{\"model\":\"m\",\"documents\":[\"a\"]}".getBytes(StandardCharsets.UTF_8),
                        JSON))
                .isInstanceOfSatisfying(
                        ApiException.class,
                        e -> assertThat(e.errors().getFirst().field()).isEqualTo("query"));
    }

    private static RoutedRequest chat(String json) {
        return RoutedRequest.parse(InferenceKind.CHAT, json.getBytes(StandardCharsets.UTF_8), JSON);
    }

    private static void assertRefused(String json, String field) {
        assertThatThrownBy(() -> chat(json))
                .as(json)
                .isInstanceOfSatisfying(
                        ApiException.class,
                        e -> assertThat(e.errors().getFirst().field()).isEqualTo(field));
    }
}
