package dev.hangar.worker;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import tools.jackson.databind.JsonNode;

/**
 * Which adapters a request asks for, as it wrote them: {@code model} (the base's name, or {@code BASE:ADAPTER}) and
 * llama-server's {@code lora} field, a list of {@code {"name"|"id", "scale"}}. Checked against the loaded adapters by
 * {@link AdapterRegistry#lease}.
 */
record AdapterChoice(Optional<String> model, Optional<List<Requested>> lora) {
    /** Nothing asked for: the base model. */
    static final AdapterChoice BASE = new AdapterChoice(Optional.empty(), Optional.empty());

    /** The largest scale magnitude a request may apply an adapter at. */
    static final float MAX_SCALE = 100f;

    /** One entry of {@code lora}: an adapter by name or by id, and its scale (empty: the adapter's own). */
    record Requested(Optional<String> name, OptionalInt id, Optional<Float> scale) {
        String describe() {
            return name.map(n -> "'" + n + "'").orElseGet(() -> "id " + id.getAsInt());
        }
    }

    /** @throws ApiError 400 naming the field when {@code model} or {@code lora} has the wrong shape */
    static AdapterChoice parse(RequestBody body) {
        Optional<String> model = body.string("model");
        Optional<JsonNode> field = body.field("lora");
        if (field.isEmpty()) {
            return new AdapterChoice(model, Optional.empty());
        }
        if (!field.get().isArray()) {
            throw invalidLora();
        }
        List<Requested> entries = new ArrayList<>();
        for (JsonNode entry : field.get()) {
            if (!entry.isObject()) {
                throw invalidLora();
            }
            RequestBody item = new RequestBody((tools.jackson.databind.node.ObjectNode) entry);
            Optional<String> name = item.string("name");
            OptionalInt id = item.smallInteger("id", 0, Integer.MAX_VALUE);
            if (name.isPresent() == id.isPresent()) {
                throw invalidLora();
            }
            var scale = item.number("scale", -MAX_SCALE, MAX_SCALE);
            entries.add(new Requested(
                    name, id, scale.isPresent() ? Optional.of((float) scale.getAsDouble()) : Optional.empty()));
        }
        return new AdapterChoice(model, Optional.of(List.copyOf(entries)));
    }

    private static ApiError invalidLora() {
        return ApiError.badRequest(
                "'lora' must be a list of {\"name\": \"...\"} or {\"id\": N}, each with an optional \"scale\" from "
                        + -MAX_SCALE + " to " + MAX_SCALE,
                "lora");
    }
}
