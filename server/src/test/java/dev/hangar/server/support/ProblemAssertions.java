package dev.hangar.server.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangar.server.message.MessageCode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * What every problem answer must be: the status and type asked for, a detail to act on, no stack
 * trace, and the detail's message code with the parameters that make it (docs/api.md, Messages),
 * for the problem and for each field it names.
 */
public final class ProblemAssertions {

    private ProblemAssertions() {}

    /** Asserts a problem+json answer with {@code status} and type {@code /problems/<slug>}. */
    public static void assertProblem(ApiClient.Response answer, int status, String slug) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
        assertThat(answer.contentType()).as(answer.toString()).startsWith("application/problem+json");
        assertThat(answer.json().get("type").asString()).as(answer.toString()).isEqualTo("/problems/" + slug);
        assertThat(answer.json().get("status").asInt()).isEqualTo(status);
        assertThat(answer.json().get("detail").asString()).isNotBlank();
        assertMessage(answer.json(), "detail", answer.toString());
        for (JsonNode field : answer.json().path("errors")) {
            assertThat(field.get("field").asString()).isNotBlank();
            assertMessage(field, "detail", answer.toString());
        }
        assertThat(answer.body())
                .doesNotContain("Exception")
                .doesNotContain("\tat ")
                .doesNotContain("tools.jackson");
    }

    private static final Pattern HOLE = Pattern.compile("\\{(\\w+)}");

    /** The node's {@code code} is in the catalog and its template, filled from {@code params}, is its English text. */
    private static void assertMessage(JsonNode node, String textField, String answer) {
        String code = node.path("code").asString("");
        assertThat(MessageCode.of(code)).as("a catalog code in " + answer).isPresent();
        assertThat(node.get("params").isObject()).as("params in " + answer).isTrue();
        assertThat(node.get(textField).asString())
                .as("the English text of " + code)
                .isEqualTo(filled(MessageCode.of(code).orElseThrow().template(), node.get("params")));
    }

    /** A template with each {@code {name}} replaced by the parameter, or by a nested message's text. */
    private static String filled(String template, JsonNode params) {
        Matcher m = HOLE.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            JsonNode value = params.path(m.group(1));
            String text = value.isObject() ? value.get("text").asString() : value.asString();
            m.appendReplacement(out, Matcher.quoteReplacement(text));
        }
        return m.appendTail(out).toString();
    }
}
