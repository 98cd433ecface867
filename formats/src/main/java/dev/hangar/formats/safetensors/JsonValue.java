package dev.hangar.formats.safetensors;

import java.util.List;
import java.util.SequencedMap;

/** A parsed JSON value; numbers keep their literal text so that callers decide which range they accept. */
public sealed interface JsonValue {

    record JsonObject(SequencedMap<String, JsonValue> members) implements JsonValue {}

    record JsonArray(List<JsonValue> elements) implements JsonValue {}

    record JsonString(String value) implements JsonValue {}

    record JsonNumber(String literal) implements JsonValue {}

    record JsonBoolean(boolean value) implements JsonValue {}

    record JsonNull() implements JsonValue {}
}
