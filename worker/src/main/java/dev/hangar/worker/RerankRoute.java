package dev.hangar.worker;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /v1/rerank} in Jina's (and llama.cpp's server's) shape: {@code {query, documents, top_n,
 * return_documents}} → {@code {results: [{index, relevance_score, document?}], usage}}, most relevant first. Only a
 * model with rank pooling (a reranker's classification head) ranks; any other is a 400.
 */
final class RerankRoute implements Route {
    private final CompletionService completions;
    private final String modelName;
    private final boolean enabled;

    RerankRoute(CompletionService completions, String modelName, boolean enabled) {
        this.completions = completions;
        this.modelName = modelName;
        this.enabled = enabled;
    }

    @Override
    public void handle(ApiCall call) throws Exception {
        if (!enabled) {
            throw ApiError.notFound("reranking is turned off on this worker (it was started with --no-embeddings)");
        }
        RequestBody body = call.readJson();
        String query = body.string("query").orElseThrow(() -> ApiError.badRequest("'query' is required", "query"));
        List<String> documents = documents(body);
        int topN = body.smallInteger("top_n", 1, Integer.MAX_VALUE).orElse(documents.size());
        boolean returnDocuments = body.flag("return_documents");
        CompletionService.Ranking ranking = completions.rank(query, documents);
        call.recordUsage(ranking.promptTokens(), 0, null);
        double[] scores = ranking.scores();
        ObjectNode response =
                call.json().createObjectNode().put("model", modelName).put("object", "list");
        ArrayNode results = response.putArray("results");
        IntStream.range(0, documents.size())
                .boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> scores[i]).reversed())
                .limit(topN)
                .forEach(i -> {
                    ObjectNode result = results.addObject().put("index", i).put("relevance_score", scores[i]);
                    if (returnDocuments) {
                        result.putObject("document").put("text", documents.get(i));
                    }
                });
        response.putObject("usage")
                .put("prompt_tokens", ranking.promptTokens())
                .put("total_tokens", ranking.promptTokens());
        call.sendJson(200, response);
    }

    private static List<String> documents(RequestBody body) {
        JsonNode field = body.field("documents")
                .filter(node -> node.isArray() && !node.isEmpty())
                .orElseThrow(() -> ApiError.badRequest("'documents' must be a non-empty list of strings", "documents"));
        if (field.size() > EmbeddingsRoute.MAX_INPUTS) {
            throw ApiError.badRequest(
                    "'documents' holds at most " + EmbeddingsRoute.MAX_INPUTS + " strings", "documents");
        }
        List<String> documents = new ArrayList<>();
        for (int i = 0; i < field.size(); i++) {
            if (!field.get(i).isString()) {
                throw ApiError.badRequest("'documents[" + i + "]' must be a string", "documents");
            }
            documents.add(field.get(i).stringValue());
        }
        return documents;
    }
}
