package dev.hangar.formats.safetensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.hangar.formats.InvalidModelFile;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StrictJsonParserTest {

    @Test
    void parsesNestedValuesKeepingKeyOrderAndNumberLiterals() {
        JsonValue value = StrictJsonParser.parse(
                " {\"b\": [1, -2.5e+3, 0], \"a\": {\"t\": true, \"f\": false, \"n\": null}} ", "test");

        LinkedHashMap<String, JsonValue> inner = new LinkedHashMap<>();
        inner.put("t", new JsonValue.JsonBoolean(true));
        inner.put("f", new JsonValue.JsonBoolean(false));
        inner.put("n", new JsonValue.JsonNull());
        LinkedHashMap<String, JsonValue> outer = new LinkedHashMap<>();
        outer.put(
                "b",
                new JsonValue.JsonArray(List.of(
                        new JsonValue.JsonNumber("1"),
                        new JsonValue.JsonNumber("-2.5e+3"),
                        new JsonValue.JsonNumber("0"))));
        outer.put("a", new JsonValue.JsonObject(inner));
        assertThat(value).isEqualTo(new JsonValue.JsonObject(outer));
        assertThat(((JsonValue.JsonObject) value).members().keySet()).containsExactly("b", "a");
    }

    @Test
    void decodesEscapesAndSurrogatePairs() {
        JsonValue value =
                StrictJsonParser.parse("\"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t \\u00e9 \\ud83d\\ude00 ü\"", "test");

        assertThat(value).isEqualTo(new JsonValue.JsonString("q\" b\\ s/ \b\f\n\r\t é 😀 ü"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "empty input|''|JSON ends where a value was expected",
                "trailing comma in object|'{\"a\":1,}'|expected a string key",
                "trailing comma in array|[1,]|unexpected character ']'",
                "leading zero|[01]|leading zero",
                "missing fraction digits|[1.]|expected a digit",
                "bare minus|[-]|expected a digit",
                "single quotes|'{''a'':1}'|expected a string key",
                "duplicate key|'{\"a\":1,\"a\":2}'|duplicate key \"a\"",
                "unterminated string|'\"abc'|unterminated string",
                "raw newline in string|'\"a\nb\"'|raw control character U+000A",
                "invalid escape|'\"\\x\"'|invalid escape",
                "lone high surrogate|'\"\\ud83d\"'|lone surrogate",
                "lone low surrogate|'\"\\ude00\"'|lone surrogate",
                "short unicode escape|'\"\\u12\"'|truncated \\u escape",
                "non-hex unicode escape|'\"\\u12zz\"'|invalid hex digit",
                "garbage after value|'{} x'|unexpected content after the JSON value",
                "misspelled literal|[tru]|unexpected character 't'",
                "missing colon|'{\"a\" 1}'|expected ':'",
                "unclosed array|[1, 2|JSON ends where ']' was expected",
                "NaN|[NaN]|unexpected character 'N'",
            })
    void malformedJsonIsRejectedWithTheProblemNamed(String description, String text, String problem) {
        assertThatThrownBy(() -> StrictJsonParser.parse(text, "test header"))
                .isInstanceOf(InvalidModelFile.class)
                .hasMessageContaining(problem)
                .hasMessageContaining("test header, character");
    }

    @Test
    void deepNestingIsRejectedWithoutExhaustingTheStack() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);

        assertThatThrownBy(() ->
                        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> StrictJsonParser.parse(deep, "test")))
                .isInstanceOf(InvalidModelFile.class)
                .hasMessageContaining("nested deeper than " + StrictJsonParser.MAX_NESTING);
    }

    @Test
    void nestingUpToTheCapIsAccepted() {
        int depth = StrictJsonParser.MAX_NESTING;

        assertThat(StrictJsonParser.parse("[".repeat(depth) + "]".repeat(depth), "test"))
                .isInstanceOf(JsonValue.JsonArray.class);
    }
}
