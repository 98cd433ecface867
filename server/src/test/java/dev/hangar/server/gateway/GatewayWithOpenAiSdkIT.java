package dev.hangar.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.NotFoundException;
import com.openai.errors.RateLimitException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.models.Model;
import dev.hangar.server.support.ApiClient;
import dev.hangar.server.support.Deployments;
import dev.hangar.server.support.ServerTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The official OpenAI Java SDK, unchanged, with its base URL pointed at the gateway and a Hangar key. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayWithOpenAiSdkIT extends ServerTest {

    /** One request every 5 s once the burst is spent: longer than the SDK's own backoff would wait over two retries. */
    private static final int REQUESTS_PER_MINUTE = 12;

    private ApiClient owner;
    private String name;
    private String endpointId;
    private OpenAIClient openAi;

    @BeforeAll
    void deployAnEndpoint() {
        owner = userWithKey(unique("sdk-owner"));
        String modelId = Deployments.readyTinyGguf(owner, SOURCES, unique("sdk-tiny"));
        name = unique("sdk-chat");
        var created = owner.postJson(
                "/api/v1/endpoints",
                "{\"name\":\"" + name + "\",\"model\":\"" + modelId + "\",\"engineArgs\":{\"ctx-size\":512}}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        endpointId = created.json().get("id").asString();
        Deployments.awaitState(owner, endpointId, Duration.ofSeconds(90), "Running");
        openAi = client(owner.apiKey(), 0);
    }

    @AfterAll
    void deleteTheEndpoint() {
        if (openAi != null) {
            openAi.close();
        }
        if (endpointId != null) {
            assertThat(owner.delete("/api/v1/endpoints/" + endpointId).status()).isEqualTo(204);
        }
    }

    @Test
    void modelsListTheEndpoint() {
        List<String> ids = openAi.models().list().data().stream().map(Model::id).toList();

        assertThat(ids).contains(name);
        assertThat(openAi.models().retrieve(name).ownedBy()).startsWith("sdk-owner");
    }

    @Test
    void chatParsesWithUsage() {
        ChatCompletion completion =
                openAi.chat().completions().create(chat(name).build());

        assertThat(completion.model()).isEqualTo(name);
        assertThat(completion.choices().getFirst().message().content()).isPresent();
        assertThat(completion.usage())
                .hasValueSatisfying(usage -> assertThat(usage.totalTokens())
                        .isEqualTo(usage.promptTokens() + usage.completionTokens())
                        .isPositive());
    }

    @Test
    void chatLogprobsParseThroughTheGateway() {
        ChatCompletion completion = openAi.chat()
                .completions()
                .create(chat(name)
                        .temperature(0.0)
                        .logprobs(true)
                        .topLogprobs(2L)
                        .build());

        var content = completion
                .choices()
                .getFirst()
                .logprobs()
                .orElseThrow()
                .content()
                .orElseThrow();
        assertThat(content).isNotEmpty().allSatisfy(token -> {
            assertThat(token.logprob()).isLessThanOrEqualTo(0.0);
            assertThat(token.topLogprobs()).hasSize(2);
            assertThat(token.topLogprobs().getFirst().logprob()).isEqualTo(token.logprob());
        });
        assertThat(content.stream().map(token -> token.token()).reduce("", String::concat))
                .isEqualTo(completion.choices().getFirst().message().content().orElseThrow());
    }

    @Test
    void streamEndsWithTheUsageItAskedFor() {
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = openAi.chat()
                .completions()
                .createStreaming(chat(name)
                        .streamOptions(ChatCompletionStreamOptions.builder()
                                .includeUsage(true)
                                .build())
                        .build())) {
            stream.stream().forEach(chunks::add);
        }

        assertThat(chunks).hasSizeGreaterThanOrEqualTo(2);
        assertThat(chunks.getLast().usage())
                .hasValueSatisfying(
                        usage -> assertThat(usage.completionTokens()).isPositive());
        assertThat(chunks.stream().filter(c -> !c.choices().isEmpty()))
                .anySatisfy(c ->
                        assertThat(c.choices().getFirst().delta().content()).isPresent());
    }

    @Test
    void embeddingsParse() {
        CreateEmbeddingResponse response = openAi.embeddings()
                .create(EmbeddingCreateParams.builder()
                        .model(name)
                        .inputOfArrayOfStrings(List.of("one", "two"))
                        .build());

        assertThat(response.data()).hasSize(2);
        assertThat(response.data().getFirst().embedding()).isNotEmpty();
    }

    @Test
    void aBadKeyIsUnauthorized() {
        OpenAIClient wrong = client("hgr_not-a-real-key", 0);
        try {
            assertThatThrownBy(
                            () -> wrong.chat().completions().create(chat(name).build()))
                    .isInstanceOf(UnauthorizedException.class);
        } finally {
            wrong.close();
        }
    }

    @Test
    void anUnknownModelIsNotFound() {
        assertThatThrownBy(() ->
                        openAi.chat().completions().create(chat("no-such-model").build()))
                .isInstanceOfSatisfying(
                        NotFoundException.class,
                        notFound -> assertThat(notFound.body().toString()).contains("model_not_found"));
    }

    @Test
    void pastItsRateLimitAKeyGets429AndTheSdksRetryWaitsAsToldAndSucceeds() {
        String limitedKey = owner.postJson(
                        "/api/v1/api-keys",
                        "{\"name\":\"" + unique("limited") + "\",\"limits\":{\"requestsPerMinute\":"
                                + REQUESTS_PER_MINUTE + "}}")
                .json()
                .get("key")
                .asString();
        OpenAIClient noRetry = client(limitedKey, 0);
        OpenAIClient retrying = client(limitedKey, 2);
        try {
            EmbeddingCreateParams small =
                    EmbeddingCreateParams.builder().model(name).input("hi").build();
            // the bucket refills one request every 60/limit seconds: on a slow machine the first
            // refusal may come a few requests later, never sooner and never later than the refills allow
            long startedAt = System.nanoTime();
            int admitted = 0;
            RateLimitException refusal = null;
            while (refusal == null && admitted <= 3 * REQUESTS_PER_MINUTE) {
                refusal = catchThrowableOfType(
                        RateLimitException.class, () -> noRetry.embeddings().create(small));
                admitted += refusal == null ? 1 : 0;
            }
            long refusedAt = System.nanoTime();
            long refills = Duration.ofNanos(refusedAt - startedAt).toSeconds() * REQUESTS_PER_MINUTE / 60 + 1;
            assertThat(admitted)
                    .as("requests admitted before the first refusal, for a limit of %d a minute", REQUESTS_PER_MINUTE)
                    .isBetween(REQUESTS_PER_MINUTE, (int) (REQUESTS_PER_MINUTE + refills));
            assertThat(refusal).isNotNull().satisfies(refused -> {
                assertThat(refused.statusCode()).isEqualTo(429);
                assertThat(Integer.parseInt(
                                refused.headers().values("Retry-After").getFirst()))
                        .isBetween(1, 5);
                assertThat(refused.headers().values("x-ratelimit-limit-requests"))
                        .containsExactly(Integer.toString(REQUESTS_PER_MINUTE));
                assertThat(refused.headers().values("x-ratelimit-remaining-requests"))
                        .containsExactly("0");
                assertThat(refused.body().toString()).contains("rate_limit_exceeded");
            });

            long retryAfterMs =
                    Long.parseLong(refusal.headers().values("retry-after-ms").getFirst());

            CreateEmbeddingResponse afterRetry = retrying.embeddings().create(small);
            Duration waited = Duration.ofNanos(System.nanoTime() - refusedAt);

            assertThat(afterRetry.data()).as("answered on the SDK's retry").hasSize(1);
            assertThat(waited)
                    .as("the SDK waited as Retry-After said")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(retryAfterMs - 100));
        } finally {
            noRetry.close();
            retrying.close();
        }
    }

    private OpenAIClient client(String key, int retries) {
        return OpenAIOkHttpClient.builder()
                .baseUrl(baseUrl() + "/v1")
                .apiKey(key)
                .maxRetries(retries)
                .build();
    }

    private static ChatCompletionCreateParams.Builder chat(String model) {
        return ChatCompletionCreateParams.builder()
                .model(model)
                .addUserMessage("Hello")
                .maxCompletionTokens(6);
    }
}
