package dev.hangar.worker.grammar;

import dev.hangar.worker.ApiError;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Turns a JSON schema ({@code response_format: json_schema}) into a grammar for llama.cpp's grammar sampler (GBNF,
 * root rule {@code root}), so that every document the grammar accepts is valid against the schema. Where a keyword
 * could only be followed loosely the grammar is narrower rather than wider: objects list their properties in the
 * schema's order, an object with {@code properties} takes no others unless {@code additionalProperties} says so, numbers
 * with bounds have no exponent, unbounded integers have at most 16 digits, and whitespace between tokens is short.
 * {@code oneOf} is read as {@code anyOf} (a document matching two branches is not refused). A keyword that constrains
 * documents in a way the grammar cannot is refused as a 400 naming it; annotations (title, description, examples, …)
 * are ignored.
 */
public final class JsonSchemaGrammar {

    /** Keywords that constrain documents in ways this converter does not follow: refused rather than ignored. */
    private static final Set<String> UNSUPPORTED = Set.of(
            "allOf",
            "not",
            "if",
            "then",
            "else",
            "dependentRequired",
            "dependentSchemas",
            "dependencies",
            "patternProperties",
            "propertyNames",
            "unevaluatedProperties",
            "unevaluatedItems",
            "minProperties",
            "maxProperties",
            "contains",
            "minContains",
            "maxContains",
            "uniqueItems",
            "multipleOf",
            "$dynamicRef",
            "$recursiveRef");

    private static final String PARAM = "response_format";

    private static final Map<String, String> PRIMITIVES = Map.ofEntries(
            Map.entry("ws", "[ \\t\\n]{0,20}"),
            Map.entry("char", "[^\"\\\\\\x00-\\x1F] | \"\\\\\" ([\"\\\\/bfnrt] | \"u\" [0-9a-fA-F]{4})"),
            Map.entry("string", "\"\\\"\" char* \"\\\"\""),
            Map.entry("integer", "\"-\"? (\"0\" | [1-9] [0-9]{0,15})"),
            Map.entry("number", "integer (\".\" [0-9]{1,16})? ([eE] [-+]? [0-9]{1,3})?"),
            Map.entry("boolean", "\"true\" | \"false\""),
            Map.entry("null", "\"null\""),
            Map.entry("value", "object | array | string | number | boolean | null"),
            Map.entry(
                    "object",
                    "\"{\" ws ( string ws \":\" ws value ws ( \",\" ws string ws \":\" ws value ws )* )? \"}\""),
            Map.entry("array", "\"[\" ws ( value ws ( \",\" ws value ws )* )? \"]\""),
            Map.entry(
                    "date",
                    "[0-9]{4} \"-\" ( \"0\" [1-9] | \"1\" [0-2] ) \"-\" ( \"0\" [1-9] | [12] [0-9] | \"3\" [01] )"),
            Map.entry(
                    "time",
                    "( [01] [0-9] | \"2\" [0-3] ) \":\" [0-5] [0-9] \":\" [0-5] [0-9] ( \".\" [0-9]{1,9} )?"
                            + " ( \"Z\" | [+-] ( [01] [0-9] | \"2\" [0-3] ) \":\" [0-5] [0-9] )"),
            Map.entry(
                    "uuid",
                    "[0-9a-fA-F]{8} \"-\" [0-9a-fA-F]{4} \"-\" [0-9a-fA-F]{4} \"-\" [0-9a-fA-F]{4} \"-\" [0-9a-fA-F]{12}"));

    /** Which primitives each primitive refers to. */
    private static final Map<String, List<String>> PRIMITIVE_USES = Map.of(
            "string", List.of("char"),
            "number", List.of("integer"),
            "value", List.of("object", "array", "string", "number", "boolean", "null"),
            "object", List.of("ws", "string", "value"),
            "array", List.of("ws", "value"));

    private final JsonNode root;
    private final Map<String, String> rules = new LinkedHashMap<>();
    private final Map<String, String> nameOfBody = new HashMap<>();
    private final Map<String, String> refs = new HashMap<>();

    private JsonSchemaGrammar(JsonNode root) {
        this.root = root;
    }

    /**
     * The grammar for documents valid against the schema.
     *
     * @throws ApiError 400 naming the keyword (and where in the schema it is) the grammar cannot follow
     */
    public static String forSchema(JsonNode schema) {
        JsonSchemaGrammar grammar = new JsonSchemaGrammar(schema);
        String top = grammar.visit(schema, "root-value", "#");
        grammar.rules.put("root", top);
        return grammar.text();
    }

    /** The grammar for {@code response_format: json_object}: any JSON object. */
    public static String forAnyObject() {
        JsonSchemaGrammar grammar = new JsonSchemaGrammar(null);
        grammar.rules.put("root", grammar.primitive("object"));
        return grammar.text();
    }

    private String text() {
        StringBuilder out =
                new StringBuilder("root ::= ").append(rules.get("root")).append('\n');
        rules.forEach((name, body) -> {
            if (!name.equals("root")) {
                out.append(name).append(" ::= ").append(body).append('\n');
            }
        });
        return out.toString();
    }

    /** A rule matching the schema's documents (without surrounding whitespace); its name. */
    private String visit(JsonNode schema, String name, String at) {
        if (schema.isBoolean()) {
            if (!schema.booleanValue()) {
                throw refused("the schema false", at, "no document is valid against it");
            }
            return primitive("value");
        }
        if (!schema.isObject()) {
            throw ApiError.badRequest("the JSON schema at " + at + " must be an object or a boolean", PARAM);
        }
        for (String keyword : schema.propertyNames()) {
            if (UNSUPPORTED.contains(keyword)) {
                throw refused("'" + keyword + "'", at, "it is not supported in a grammar");
            }
        }
        if (schema.has("$ref")) {
            return reference(schema.get("$ref"), at);
        }
        if (schema.has("const")) {
            return rule(name, Gbnf.literal(schema.get("const").toString()));
        }
        if (schema.has("enum")) {
            JsonNode values = schema.get("enum");
            if (!values.isArray() || values.isEmpty()) {
                throw refused("'enum'", at, "it must be a non-empty array");
            }
            List<String> alternatives = new ArrayList<>();
            values.forEach(value -> alternatives.add(Gbnf.literal(value.toString())));
            return rule(name, String.join(" | ", alternatives));
        }
        for (String keyword : List.of("anyOf", "oneOf")) {
            if (schema.has(keyword)) {
                JsonNode branches = schema.get(keyword);
                if (!branches.isArray() || branches.isEmpty()) {
                    throw refused("'" + keyword + "'", at, "it must be a non-empty array");
                }
                List<String> alternatives = new ArrayList<>();
                for (int i = 0; i < branches.size(); i++) {
                    alternatives.add(visit(
                            withSiblings(schema, branches.get(i), keyword),
                            name + "-" + i,
                            at + "/" + keyword + "/" + i));
                }
                return rule(name, String.join(" | ", alternatives));
            }
        }
        JsonNode type = schema.get("type");
        if (type != null && type.isArray()) {
            List<String> alternatives = new ArrayList<>();
            for (JsonNode one : type) {
                alternatives.add(typed(schema, typeName(one, at), name + "-" + typeName(one, at), at));
            }
            return rule(name, String.join(" | ", alternatives));
        }
        if (type != null) {
            return typed(schema, typeName(type, at), name, at);
        }
        if (schema.has("properties") || schema.has("additionalProperties") || schema.has("required")) {
            return typed(schema, "object", name, at);
        }
        if (schema.has("items") || schema.has("prefixItems")) {
            return typed(schema, "array", name, at);
        }
        return primitive("value");
    }

    /**
     * A branch of anyOf/oneOf with the schema's other keywords (a shared type, properties) that it does not set
     * itself, as JSON schema applies both.
     */
    private static JsonNode withSiblings(JsonNode schema, JsonNode branch, String keyword) {
        if (!branch.isObject() || schema.size() == 1) {
            return branch;
        }
        var merged = branch.deepCopy();
        schema.properties().forEach(entry -> {
            if (!entry.getKey().equals(keyword) && !merged.has(entry.getKey())) {
                ((tools.jackson.databind.node.ObjectNode) merged).set(entry.getKey(), entry.getValue());
            }
        });
        return merged;
    }

    private static String typeName(JsonNode type, String at) {
        if (!type.isString()) {
            throw refused("'type'", at, "it must be a type name or an array of them");
        }
        return type.stringValue();
    }

    private String typed(JsonNode schema, String type, String name, String at) {
        return switch (type) {
            case "object" -> object(schema, name, at);
            case "array" -> array(schema, name, at);
            case "string" -> string(schema, name, at);
            case "integer" -> integer(schema, name, at);
            case "number" -> number(schema, name, at);
            case "boolean", "null" -> primitive(type);
            default -> throw refused("'type': \"" + type + "\"", at, "it is not a JSON schema type");
        };
    }

    private String reference(JsonNode ref, String at) {
        String target = ref.isString() ? ref.stringValue() : "";
        String section =
                target.startsWith("#/$defs/") ? "$defs" : target.startsWith("#/definitions/") ? "definitions" : null;
        if (section == null) {
            throw refused(
                    "'$ref': " + ref, at, "only references into this schema's $defs or definitions are supported");
        }
        String key = target.substring(section.length() + 3);
        JsonNode definition = root.path(section).path(key.replace("~1", "/").replace("~0", "~"));
        if (definition.isMissingNode()) {
            throw refused("'$ref': " + ref, at, "there is no such definition");
        }
        String existing = refs.get(target);
        if (existing != null) {
            return existing;
        }
        String name = unusedName("def-" + Gbnf.ruleName(key));
        refs.put(target, name);
        rules.put(name, ""); // reserved: a definition may refer to itself
        String body = visit(definition, name + "-value", target);
        rules.put(name, body);
        return name;
    }

    private String object(JsonNode schema, String name, String at) {
        JsonNode properties = schema.path("properties");
        if (!properties.isMissingNode() && !properties.isObject()) {
            throw refused("'properties'", at, "it must be an object");
        }
        List<String> required = new ArrayList<>();
        schema.path("required").forEach(r -> required.add(r.asString()));
        for (String r : required) {
            if (!properties.has(r)) {
                throw refused(
                        "'required': \"" + r + "\"", at, "it is not among the properties (give it a schema there)");
            }
        }
        JsonNode additional = schema.get("additionalProperties");
        boolean declared = properties.isObject() && !properties.isEmpty();
        if (!declared) {
            if (additional == null || additional.isBoolean() && additional.booleanValue()) {
                return primitive("object");
            }
            if (additional.isBoolean()) {
                return rule(name, "\"{\" ws \"}\"");
            }
            String value = visit(additional, name + "-additional", at + "/additionalProperties");
            String pair = "string ws \":\" ws " + value + " ws";
            primitive("string");
            primitive("ws");
            return rule(name, "\"{\" ws ( " + pair + " ( \",\" ws " + pair + " )* )? \"}\"");
        }
        if (additional != null && !(additional.isBoolean() && !additional.booleanValue())) {
            throw refused(
                    "'additionalProperties'",
                    at,
                    "besides 'properties' it is only supported as false (documents list the declared properties only)");
        }
        primitive("ws");
        List<String> pairs = new ArrayList<>();
        List<Boolean> needed = new ArrayList<>();
        for (var entry : properties.properties()) {
            String value = visit(
                    entry.getValue(), name + "-" + Gbnf.ruleName(entry.getKey()), at + "/properties/" + entry.getKey());
            pairs.add(rule(
                    name + "-" + Gbnf.ruleName(entry.getKey()) + "-kv",
                    Gbnf.literal(jsonString(entry.getKey())) + " ws \":\" ws " + value + " ws"));
            needed.add(required.contains(entry.getKey()));
        }
        return rule(name, "\"{\" ws " + members(name, pairs, needed, 0, false, new HashMap<>()) + " \"}\"");
    }

    /**
     * The properties from {@code index} on, in order, the optional ones possibly left out, with a comma before each
     * but the first written ({@code afterOne}: whether one was written before them). Each optional property's choice
     * is a rule of its own, so the grammar grows with the number of properties rather than their combinations.
     */
    private String members(
            String name,
            List<String> pairs,
            List<Boolean> needed,
            int index,
            boolean afterOne,
            Map<String, String> memo) {
        if (index == pairs.size()) {
            return "";
        }
        String key = index + (afterOne ? "-next" : "-first");
        String known = memo.get(key);
        if (known != null) {
            return known;
        }
        String pair = (afterOne ? "\",\" ws " : "") + pairs.get(index);
        String withIt = (pair + " " + members(name, pairs, needed, index + 1, true, memo)).strip();
        String result;
        if (needed.get(index)) {
            result = withIt;
        } else {
            String without = members(name, pairs, needed, index + 1, afterOne, memo);
            result = rule(name + "-from-" + key, without.isEmpty() ? "( " + withIt + " )?" : withIt + " | " + without);
        }
        memo.put(key, result);
        return result;
    }

    private String array(JsonNode schema, String name, String at) {
        int min = count(schema, "minItems", at, 0);
        Integer max = schema.has("maxItems") ? count(schema, "maxItems", at, 0) : null;
        primitive("ws");
        List<String> tuple = new ArrayList<>();
        JsonNode prefix = schema.path("prefixItems");
        for (int i = 0; i < prefix.size(); i++) {
            tuple.add(visit(prefix.get(i), name + "-item-" + i, at + "/prefixItems/" + i));
        }
        JsonNode items = schema.get("items");
        String item = items == null || items.isBoolean() && items.booleanValue()
                ? primitive("value")
                : items.isBoolean() ? null : visit(items, name + "-item", at + "/items");
        Integer limit = item != null ? max : Integer.valueOf(max == null ? tuple.size() : Math.min(max, tuple.size()));
        if (limit != null && min > limit) {
            throw refused("'minItems'", at, "it asks for more items than the schema allows");
        }
        return rule(name, ("\"[\" ws " + elements(tuple, item, min, limit, 0) + " \"]\"").replaceAll(" +", " "));
    }

    /**
     * The array's elements from the k-th on: the tuple's (prefixItems) first, then {@code item}s; those past minItems
     * optional, none past {@code limit}.
     */
    private static String elements(List<String> tuple, String item, int min, Integer limit, int k) {
        if (limit != null && k >= limit) {
            return "";
        }
        if (k >= tuple.size()) {
            int needed = Math.max(0, min - k);
            String next = "\",\" ws " + item + " ws";
            if (k > 0) {
                return repeat(next, needed, limit == null ? null : limit - k);
            }
            String first = item + " ws " + repeat(next, Math.max(0, needed - 1), limit == null ? null : limit - 1);
            return needed > 0 ? first : "( " + first.strip() + " )?";
        }
        String one = ((k == 0 ? "" : "\",\" ws ") + tuple.get(k) + " ws " + elements(tuple, item, min, limit, k + 1))
                .strip();
        return k >= min ? "( " + one + " )?" : one;
    }

    /** {@code part} at least min, at most max (null: any number of) times. */
    private static String repeat(String part, int min, Integer max) {
        if (max != null && max == 0) {
            return "";
        }
        String group = "( " + part + " )";
        if (max == null) {
            return min == 0 ? group + "*" : group + "{" + min + ",}";
        }
        return min == max ? group + "{" + min + "}" : group + "{" + min + "," + max + "}";
    }

    private String string(JsonNode schema, String name, String at) {
        if (schema.has("pattern")) {
            if (schema.has("minLength") || schema.has("maxLength") || schema.has("format")) {
                throw refused("'pattern'", at, "it is supported alone, not with minLength, maxLength or format");
            }
            JsonNode pattern = schema.get("pattern");
            if (!pattern.isString()) {
                throw refused("'pattern'", at, "it must be a string");
            }
            String contents = RegexGrammar.contents(pattern.stringValue(), at, primitive("char"));
            return rule(name, "\"\\\"\" " + contents + " \"\\\"\"");
        }
        if (schema.has("format")) {
            String format = schema.get("format").asString();
            String inner = switch (format) {
                case "date" -> primitive("date");
                case "time" -> primitive("time");
                case "date-time" -> {
                    primitive("date");
                    primitive("time");
                    yield rule("date-time", "date \"T\" time");
                }
                case "uuid" -> primitive("uuid");
                default ->
                    throw refused(
                            "'format': \"" + format + "\"", at, "supported formats are date, time, date-time and uuid");
            };
            return rule(name, "\"\\\"\" " + inner + " \"\\\"\"");
        }
        int min = count(schema, "minLength", at, 0);
        Integer max = schema.has("maxLength") ? count(schema, "maxLength", at, 0) : null;
        if (min == 0 && max == null) {
            return primitive("string");
        }
        if (max != null && max < min) {
            throw refused("'maxLength'", at, "it is below minLength");
        }
        primitive("char");
        String chars =
                max == null ? "char{" + min + ",}" : min == max ? "char{" + min + "}" : "char{" + min + "," + max + "}";
        return rule(name, "\"\\\"\" " + chars + " \"\\\"\"");
    }

    private String integer(JsonNode schema, String name, String at) {
        Bound lower = bound(schema, "minimum", "exclusiveMinimum", at);
        Bound upper = bound(schema, "maximum", "exclusiveMaximum", at);
        if (lower == null && upper == null) {
            return primitive("integer");
        }
        Long lo = lower == null ? null : lower.smallestIntegerAbove();
        Long hi = upper == null ? null : upper.largestIntegerBelow();
        String range = IntegerRange.between(lo, hi);
        if (range.isEmpty()) {
            throw refused("'minimum'/'maximum'", at, "no integer lies between them");
        }
        return rule(name, range);
    }

    /**
     * Numbers between bounds, without an exponent: the integers in range, and numbers with a fraction whose whole
     * part keeps them in range whatever the fraction (so 4.5 is allowed under a maximum of 5, 5.5 is not).
     */
    private String number(JsonNode schema, String name, String at) {
        Bound lower = bound(schema, "minimum", "exclusiveMinimum", at);
        Bound upper = bound(schema, "maximum", "exclusiveMaximum", at);
        if (lower == null && upper == null) {
            return primitive("number");
        }
        Long lo = lower == null ? null : lower.smallestIntegerAbove();
        Long hi = upper == null ? null : upper.largestIntegerBelow();
        List<String> alternatives = new ArrayList<>();
        String whole = IntegerRange.between(lo, hi);
        if (!whole.isEmpty()) {
            alternatives.add("( " + whole + " )");
        }
        String fraction = "\".\" [0-9]{1,16}";
        // n.f with n >= 0 lies in (n, n+1): n from max(lo, 0) to floor(upper) - 1.
        Long positiveLo = lo == null ? 0L : Math.max(lo, 0L);
        Long positiveHi = upper == null ? null : floor(upper.value()) - 1;
        if (positiveHi == null || positiveLo <= positiveHi) {
            alternatives.add("( " + IntegerRange.between(positiveLo, positiveHi) + " ) " + fraction);
        }
        // -m.f lies in (-(m+1), -m): m from max(-hi, 0) to ceil-of-magnitude(lower) - 1.
        Long negativeLo = hi == null ? 0L : Math.max(-hi, 0L);
        Long negativeHi = lower == null ? null : -ceil(lower.value()) - 1;
        if (negativeHi == null || negativeLo <= negativeHi) {
            alternatives.add("\"-\" ( " + IntegerRange.between(negativeLo, negativeHi) + " ) " + fraction);
        }
        if (alternatives.isEmpty()) {
            throw refused("'minimum'/'maximum'", at, "the grammar cannot write a number between them");
        }
        return rule(name, String.join(" | ", alternatives));
    }

    private record Bound(BigDecimal value, boolean exclusive) {
        long smallestIntegerAbove() {
            BigDecimal up = value.setScale(0, RoundingMode.CEILING);
            return (exclusive && up.compareTo(value) == 0 ? up.add(BigDecimal.ONE) : up).longValueExact();
        }

        long largestIntegerBelow() {
            BigDecimal down = value.setScale(0, RoundingMode.FLOOR);
            return (exclusive && down.compareTo(value) == 0 ? down.subtract(BigDecimal.ONE) : down).longValueExact();
        }
    }

    private static long floor(BigDecimal value) {
        return value.setScale(0, RoundingMode.FLOOR).longValueExact();
    }

    private static long ceil(BigDecimal value) {
        return value.setScale(0, RoundingMode.CEILING).longValueExact();
    }

    /** The tighter of an inclusive and an exclusive bound (draft 2019+: both numbers). */
    private static Bound bound(JsonNode schema, String inclusive, String exclusive, String at) {
        Bound bound = null;
        for (String keyword : List.of(inclusive, exclusive)) {
            JsonNode value = schema.get(keyword);
            if (value == null) {
                continue;
            }
            if (!value.isNumber()) {
                throw refused("'" + keyword + "'", at, "it must be a number");
            }
            BigDecimal number = value.decimalValue();
            if (number.abs().compareTo(BigDecimal.valueOf(1e15)) > 0) {
                throw refused("'" + keyword + "'", at, "bounds beyond 10^15 are not supported");
            }
            Bound candidate = new Bound(number, keyword.equals(exclusive));
            boolean lower = inclusive.equals("minimum");
            if (bound == null
                    || (lower ? number.compareTo(bound.value()) > 0 : number.compareTo(bound.value()) < 0)
                    || number.compareTo(bound.value()) == 0 && candidate.exclusive()) {
                bound = candidate;
            }
        }
        return bound;
    }

    private static int count(JsonNode schema, String keyword, String at, int fallback) {
        JsonNode value = schema.get(keyword);
        if (value == null) {
            return fallback;
        }
        if (!value.canConvertToInt()
                || !value.isIntegralNumber()
                || value.intValue() < 0
                || value.intValue() > 10_000) {
            throw refused("'" + keyword + "'", at, "it must be an integer from 0 to 10000");
        }
        return value.intValue();
    }

    /** A named rule with this body; a rule with the same body already written is reused instead. */
    private String rule(String name, String body) {
        String existing = nameOfBody.get(body);
        if (existing != null) {
            return existing;
        }
        if (rules.containsKey(body)) {
            return body; // just another rule's name
        }
        String unique = unusedName(Gbnf.ruleName(name));
        rules.put(unique, body);
        nameOfBody.put(body, unique);
        return unique;
    }

    private String unusedName(String name) {
        String unique = name;
        for (int i = 2; rules.containsKey(unique) || PRIMITIVES.containsKey(unique) || unique.equals("root"); i++) {
            unique = name + "-" + i;
        }
        return unique;
    }

    /** One of the fixed rules (with those it refers to); its name. */
    private String primitive(String name) {
        if (!rules.containsKey(name)) {
            rules.put(name, PRIMITIVES.get(name));
            PRIMITIVE_USES.getOrDefault(name, List.of()).forEach(this::primitive);
            if (name.equals("integer") || name.equals("number")) {
                primitive("integer");
            }
        }
        return name;
    }

    private static String jsonString(String text) {
        return tools.jackson.databind.node.JsonNodeFactory.instance
                .stringNode(text)
                .toString();
    }

    private static ApiError refused(String keyword, String at, String why) {
        return ApiError.badRequest(
                "the JSON schema's " + keyword + " at " + at + " cannot be turned into a grammar: " + why, PARAM);
    }
}
