package dev.hangar.server.gateway;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * The API description of OpenAI's inference calls, which {@link EdgeInference} serves on the edge
 * (no controller has them): a JSON body sent on as it came, the replica's answer streamed back.
 */
@Component
class InferenceApi implements OpenApiCustomizer {

    @Override
    public void customise(OpenAPI api) {
        String streamed = ", streamed as Server-Sent Events with \"stream\": true";
        describe(api, InferenceKind.CHAT, "chat", "Chat completion" + streamed);
        describe(api, InferenceKind.COMPLETION, "completion", "Text completion (legacy)" + streamed);
        describe(api, InferenceKind.EMBEDDING, "embeddings", "Embeddings of a string or a list of them");
        describe(
                api,
                InferenceKind.RERANK,
                "rerank",
                "Documents ranked by relevance to a query (Jina's shape), by an endpoint serving a reranker");
    }

    private static void describe(OpenAPI api, InferenceKind kind, String operationId, String summary) {
        Content json = new Content()
                .addMediaType("application/json", new MediaType().schema(new StringSchema().format("byte")));
        api.path(
                "/v1" + kind.path(),
                new PathItem()
                        .post(new Operation()
                                .tags(java.util.List.of("Gateway"))
                                .summary(summary)
                                .operationId(operationId)
                                .requestBody(new RequestBody().content(json))
                                .responses(new ApiResponses()
                                        .addApiResponse("200", new ApiResponse().description("OK")))));
    }
}
