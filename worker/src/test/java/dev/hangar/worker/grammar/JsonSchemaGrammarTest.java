package dev.hangar.worker.grammar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hangar.worker.ApiError;
import dev.hangar.worker.llama.LlamaGrammarParser;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Each schema's grammar is parsed by llama.cpp itself and then checked by the documents it accepts and refuses
 * (with {@link GbnfRecognizer}): the expected verdicts are what the schema says, written here by hand.
 */
class JsonSchemaGrammarTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static GbnfRecognizer grammarOf(String schema) {
        String grammar = JsonSchemaGrammar.forSchema(JSON.readTree(schema));
        assertThat(LlamaGrammarParser.parses(grammar))
                .as("llama.cpp parses:\n" + grammar)
                .isTrue();
        return new GbnfRecognizer(grammar);
    }

    private static void check(String schema, List<String> valid, List<String> invalid) {
        GbnfRecognizer grammar = grammarOf(schema);
        for (String document : valid) {
            assertThat(grammar.accepts(document)).as("accepts %s", document).isTrue();
        }
        for (String document : invalid) {
            assertThat(grammar.accepts(document)).as("refuses %s", document).isFalse();
        }
    }

    @Test
    void anObjectListsItsRequiredPropertiesAndMayLeaveOutTheOptionalOnes() {
        check(
                """
                {"type":"object","properties":{"a":{"type":"string"},"b":{"type":"integer"},"c":{"type":"boolean"}},
                 "required":["b"],"additionalProperties":false}""",
                List.of(
                        "{\"b\":1}",
                        "{\"a\":\"x\",\"b\":-20}",
                        "{ \"a\" : \"x\" , \"b\" : 0 , \"c\" : true }",
                        "{\"b\":3,\"c\":false}",
                        "{\n  \"a\": \"\\\"q\\u00e9\\\"\",\n  \"b\": 7\n}"),
                List.of(
                        "{}",
                        "{\"a\":\"x\"}",
                        "{\"b\":1,}",
                        "{,\"b\":1}",
                        "{\"b\":1.5}",
                        "{\"b\":01}",
                        "{\"b\":1,\"d\":2}",
                        "{\"b\":1,\"b\":1}",
                        "{\"a\":\"x\"\"b\":1}"));
    }

    @Test
    void allOptionalPropertiesAllowTheEmptyObjectAndAnySubsetInOrder() {
        check(
                """
                {"properties":{"x":{"type":"null"},"y":{"type":"number"},"z":{"type":"string"}}}""",
                List.of(
                        "{}",
                        "{\"y\":1.5e3}",
                        "{\"x\":null,\"z\":\"\"}",
                        "{\"z\":\"s\"}",
                        "{\"x\":null,\"y\":-0.25,\"z\":\"s\"}"),
                List.of("{,}", "{\"y\":1,}", "{\"z\":\"s\",\"x\":null}", "{\"x\":0}"));
    }

    @Test
    void aMapTakesAnyKeysWithValuesOfItsSchemaAndAnOpenObjectAnything() {
        check("""
                {"type":"object","additionalProperties":{"type":"integer"}}""", List.of("{}", "{\"a\":1}", "{\"a\":1,\"b\":-2}"), List.of("{\"a\":\"1\"}", "{\"a\":1,}"));
        check("""
                {"type":"object"}""", List.of("{}", "{\"a\":[1,{\"b\":null}],\"c\":\"d\"}"), List.of("[]", "{\"a\"}", "{\"a\":}"));
    }

    @Test
    void arraysKeepTheirItemSchemaAndCounts() {
        check("""
                {"type":"array","items":{"type":"integer"},"minItems":1,"maxItems":3}""", List.of("[1]", "[1,2]", "[ 1 , 2 , 3 ]"), List.of("[]", "[1,2,3,4]", "[1,]", "[\"1\"]", "[,1]"));
        check("""
                {"type":"array","items":{"type":"string"}}""", List.of("[]", "[\"a\"]", "[\"a\",\"b\",\"c\",\"d\",\"e\"]"), List.of("[1]", "[\"a\" \"b\"]"));
        check("""
                {"type":"array","prefixItems":[{"type":"string"},{"type":"integer"}],"items":false,"minItems":1}""", List.of("[\"a\"]", "[\"a\",2]"), List.of("[]", "[2]", "[\"a\",2,3]", "[\"a\",\"b\"]"));
    }

    @Test
    void stringsHonourLengthsEnumsConstAndFormats() {
        check("""
                {"type":"string","minLength":2,"maxLength":3}""", List.of("\"ab\"", "\"abc\"", "\"a\\nb\""), List.of("\"a\"", "\"abcd\"", "\"ab", "ab"));
        check("""
                {"enum":["red","green",null,1]}""", List.of("\"red\"", "\"green\"", "null", "1"), List.of("\"blue\"", "\"Red\"", "2"));
        check("""
                {"const":{"k":"v"}}""", List.of("{\"k\":\"v\"}"), List.of("{\"k\":\"w\"}", "{}"));
        check(
                """
                {"type":"string","format":"date-time"}""",
                List.of("\"2026-12-07T18:40:00Z\"", "\"2026-01-31T00:00:00.5+01:00\""),
                List.of("\"2026-13-07T18:40:00Z\"", "\"2026-12-07 18:40:00Z\"", "\"2026-12-07T24:00:00Z\""));
        check(
                """
                {"type":"string","format":"uuid"}""",
                List.of("\"123e4567-e89b-12d3-a456-426614174000\""),
                List.of("\"123e4567e89b12d3a456426614174000\"", "\"123e4567-e89b-12d3-a456-42661417400g\""));
    }

    @Test
    void patternsMatchTheirStringsAnchoredOrSearchedFor() {
        check(
                """
                {"type":"string","pattern":"^[A-Z]{3}-\\\\d{2,4}$"}""",
                List.of("\"ABC-12\"", "\"XYZ-9999\""),
                List.of("\"AB-12\"", "\"ABC-1\"", "\"ABC-12345\"", "\"abc-12\"", "\" ABC-12\""));
        check("""
                {"type":"string","pattern":"^(cat|dog)s?$"}""", List.of("\"cat\"", "\"dogs\""), List.of("\"cow\"", "\"cats!\"", "\"\""));
        check("""
                {"type":"string","pattern":"ab+c"}""", List.of("\"abc\"", "\"xxabbbcyy\"", "\"\\\"abc\""), List.of("\"ac\"", "\"a b c\""));
        // A quote in the pattern is written escaped, as the JSON string holds it.
        check("""
                {"type":"string","pattern":"^[^0-9\\\\s]+\\"?$"}""", List.of("\"word\"", "\"word\\\"\""), List.of("\"w0rd\"", "\"two words\"", "\"\"", "\"word\"\""));
    }

    @Test
    void integersStayWithinTheirBoundsExactly() {
        check(
                """
                {"type":"integer","minimum":-15,"maximum":123}""",
                List.of("-15", "-9", "-1", "0", "7", "10", "99", "100", "119", "123"),
                List.of("-16", "-0", "124", "200", "1000", "007", "1.0"));
        check("""
                {"type":"integer","exclusiveMinimum":0}""", List.of("1", "42", "9999999"), List.of("0", "-1", "01"));
        check("""
                {"type":"integer","minimum":1000,"exclusiveMaximum":2000}""", List.of("1000", "1500", "1999"), List.of("999", "2000", "20000"));
    }

    @Test
    void integerBoundsAdmitExactlyTheIntegersBetweenThemForEveryNumberTried() {
        long[][] bounds = {{0, 9}, {1, 10}, {-7, 0}, {-100, -10}, {5, 999}, {19, 1001}, {-1050, 1050}, {300, 300}};
        for (long[] bound : bounds) {
            GbnfRecognizer grammar =
                    grammarOf("{\"type\":\"integer\",\"minimum\":" + bound[0] + ",\"maximum\":" + bound[1] + "}");
            for (long n = -1100; n <= 1100; n++) {
                boolean inside = n >= bound[0] && n <= bound[1];
                assertThat(grammar.accepts(Long.toString(n)))
                        .as("%d in [%d, %d]", n, bound[0], bound[1])
                        .isEqualTo(inside);
            }
        }
    }

    @Test
    void numbersWithBoundsStayWithinThem() {
        check("""
                {"type":"number","minimum":-2.5,"maximum":5}""", List.of("-2", "-1.75", "0", "0.5", "4.999", "5", "-0.5"), List.of("-3", "5.5", "6", "1e2", "-2.75"));
    }

    @Test
    void alternativesTypeListsAndReferencesIncludingRecursiveOnes() {
        check("""
                {"anyOf":[{"type":"string"},{"type":"array","items":{"type":"integer"}}]}""", List.of("\"s\"", "[1,2]"), List.of("1", "[\"s\"]"));
        check("""
                {"type":["integer","null"]}""", List.of("5", "null"), List.of("\"5\"", "true"));
        check(
                """
                {"$defs":{"node":{"type":"object","properties":{"v":{"type":"integer"},
                   "next":{"oneOf":[{"$ref":"#/$defs/node"},{"type":"null"}]}},"required":["v","next"]}},
                 "$ref":"#/$defs/node"}""",
                List.of("{\"v\":1,\"next\":null}", "{\"v\":1,\"next\":{\"v\":2,\"next\":null}}"),
                List.of("{\"v\":1}", "{\"v\":1,\"next\":{\"v\":2}}"));
        check("""
                {"definitions":{"flag":{"type":"boolean"}},"type":"object","properties":{"f":{"$ref":"#/definitions/flag"}},
                 "required":["f"]}""", List.of("{\"f\":true}"), List.of("{\"f\":1}"));
    }

    @Test
    void jsonObjectMeansAnyObject() {
        String grammar = JsonSchemaGrammar.forAnyObject();
        assertThat(LlamaGrammarParser.parses(grammar)).isTrue();
        GbnfRecognizer recognizer = new GbnfRecognizer(grammar);
        assertThat(recognizer.accepts("{\"a\":[true,false,null,-1.5E+3,\"x\"],\"b\":{}}"))
                .isTrue();
        assertThat(recognizer.accepts("[1]")).isFalse();
        assertThat(recognizer.accepts("\"a\"")).isFalse();
    }

    @Test
    void keywordsTheGrammarCannotFollowAreA400NamingThem() {
        assertThatThrownBy(() -> JsonSchemaGrammar.forSchema(JSON.readTree("""
                        {"type":"object","properties":{"tags":{"type":"array","uniqueItems":true}}}""")))
                .isInstanceOfSatisfying(ApiError.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.param()).contains("response_format");
                })
                .hasMessage("the JSON schema's 'uniqueItems' at #/properties/tags cannot be turned into a grammar: "
                        + "it is not supported in a grammar");
        assertThatThrownBy(() -> JsonSchemaGrammar.forSchema(JSON.readTree("""
                        {"type":"string","pattern":"^(a)\\\\1$"}""")))
                .hasMessage("the JSON schema's 'pattern' at # cannot be turned into a grammar: '\\1' is not supported"
                        + " (^(a)\\1$)");
        assertThatThrownBy(() -> JsonSchemaGrammar.forSchema(JSON.readTree("""
                        {"type":"string","pattern":"^(?=a)b$"}""")))
                .hasMessageContaining("look-around");
        assertThatThrownBy(
                        () -> JsonSchemaGrammar.forSchema(JSON.readTree("{\"$ref\":\"https://example.com/s.json\"}")))
                .hasMessageContaining("'$ref': \"https://example.com/s.json\" at #");
        assertThatThrownBy(() -> JsonSchemaGrammar.forSchema(JSON.readTree("{\"type\":\"decimal\"}")))
                .hasMessageContaining(
                        "'type': \"decimal\" at # cannot be turned into a grammar: it is not a JSON schema type");
        assertThatThrownBy(
                        () -> JsonSchemaGrammar.forSchema(JSON.readTree("{\"type\":\"string\",\"format\":\"email\"}")))
                .hasMessageContaining("'format': \"email\"");
    }
}
