package dev.hangar.worker;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A JSON request body read field by field with validation: a wrong type or value is a 400 naming the field. An explicit
 * {@code null} counts as absent, and unknown fields are ignored, as OpenAI clients expect.
 */
public final class RequestBody {
    private final ObjectNode node;

    public RequestBody(ObjectNode node) {
        this.node = node;
    }

    public Optional<JsonNode> field(String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
    }

    public Optional<String> string(String name) {
        return field(name).map(value -> {
            if (!value.isString()) {
                throw ApiError.badRequest("'" + name + "' must be a string", name);
            }
            return value.stringValue();
        });
    }

    public OptionalDouble number(String name, double min, double max) {
        Optional<JsonNode> value = field(name);
        if (value.isEmpty()) {
            return OptionalDouble.empty();
        }
        if (!value.get().isNumber()) {
            throw ApiError.badRequest("'" + name + "' must be a number", name);
        }
        double number = value.get().doubleValue();
        if (number < min || number > max) {
            throw ApiError.badRequest(
                    "'" + name + "' must be between " + min + " and " + max + ", not " + number, name);
        }
        return OptionalDouble.of(number);
    }

    public OptionalLong integer(String name, long min, long max) {
        Optional<JsonNode> value = field(name);
        if (value.isEmpty()) {
            return OptionalLong.empty();
        }
        if (!value.get().isIntegralNumber() || !value.get().canConvertToLong()) {
            throw ApiError.badRequest("'" + name + "' must be a whole number", name);
        }
        long number = value.get().longValue();
        if (number < min || number > max) {
            throw ApiError.badRequest(
                    "'" + name + "' must be between " + min + " and " + max + ", not " + number, name);
        }
        return OptionalLong.of(number);
    }

    public OptionalInt smallInteger(String name, int min, int max) {
        OptionalLong value = integer(name, min, max);
        return value.isPresent() ? OptionalInt.of((int) value.getAsLong()) : OptionalInt.empty();
    }

    public boolean flag(String name) {
        return field(name)
                .map(value -> {
                    if (!value.isBoolean()) {
                        throw ApiError.badRequest("'" + name + "' must be true or false", name);
                    }
                    return value.booleanValue();
                })
                .orElse(false);
    }

    /** A string or a list of strings (as {@code stop} is), at most {@code maxItems}. */
    public List<String> stringOrList(String name, int maxItems) {
        Optional<JsonNode> value = field(name);
        if (value.isEmpty()) {
            return List.of();
        }
        if (value.get().isString()) {
            return List.of(value.get().stringValue());
        }
        if (!value.get().isArray()) {
            throw ApiError.badRequest("'" + name + "' must be a string or a list of strings", name);
        }
        List<String> items = new ArrayList<>();
        for (JsonNode item : value.get()) {
            if (!item.isString()) {
                throw ApiError.badRequest("'" + name + "' must be a string or a list of strings", name);
            }
            items.add(item.stringValue());
        }
        if (items.size() > maxItems) {
            throw ApiError.badRequest("'" + name + "' holds at most " + maxItems + " entries", name);
        }
        return List.copyOf(items);
    }

    public ObjectNode node() {
        return node;
    }

    /** A nested object field, read with the same rules. */
    public Optional<RequestBody> object(String name) {
        return field(name).map(value -> {
            if (!value.isObject()) {
                throw ApiError.badRequest("'" + name + "' must be an object", name);
            }
            return new RequestBody((ObjectNode) value);
        });
    }
}
