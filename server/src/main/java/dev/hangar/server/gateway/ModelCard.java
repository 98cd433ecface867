package dev.hangar.server.gateway;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.hangar.server.endpoint.Endpoint;

/**
 * An endpoint as OpenAI's {@code GET /v1/models} shows a model: its name is the {@code id} clients
 * put in {@code model}, {@code created} is in Unix seconds and {@code owned_by} is the owner's name.
 */
record ModelCard(
        String id,
        String object,
        long created,
        @JsonProperty("owned_by") String ownedBy) {

    static ModelCard of(Endpoint endpoint) {
        return new ModelCard(endpoint.name(), "model", endpoint.createdAt().getEpochSecond(), endpoint.owner());
    }

    /** One of the endpoint's LoRA adapters, called as {@code ENDPOINT:ADAPTER}. */
    static ModelCard of(Endpoint endpoint, String adapter) {
        return new ModelCard(
                endpoint.name() + ":" + adapter, "model", endpoint.createdAt().getEpochSecond(), endpoint.owner());
    }
}
