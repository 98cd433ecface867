package dev.hangar.server.gateway;

import java.util.List;

/** OpenAI's list envelope for {@code GET /v1/models}. */
record ModelList(String object, List<ModelCard> data) {

    static ModelList of(List<ModelCard> models) {
        return new ModelList("list", models);
    }
}
