package dev.hangar.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionChoice;
import com.openai.models.completions.CompletionCreateParams;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import dev.hangar.formats.gguf.GgmlType;
import dev.hangar.formats.tiny.TinyModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The official OpenAI Java SDK, unchanged, with its base URL pointed at a real worker process. */
class WorkerWithOpenAiSdkIT {
    @TempDir
    static Path dir;

    static WorkerProcess worker;
    static OpenAIClient openAi;

    @BeforeAll
    static void startWorker() throws Exception {
        Path model = dir.resolve("tiny.gguf");
        TinyModel.ofSize("100k", 42).writeGguf(model, GgmlType.F16);
        worker = WorkerProcess.start(model, dir, "--served-model-name", "tiny").awaitReady();
        openAi = OpenAIOkHttpClient.builder()
                .baseUrl("http://127.0.0.1:" + worker.port + "/v1")
                .apiKey("not-checked")
                .maxRetries(0)
                .build();
    }

    @AfterAll
    static void stopWorker() throws Exception {
        try {
            if (openAi != null) {
                openAi.close();
            }
        } finally {
            worker.close();
        }
    }

    @Test
    void chatCompletionParsesWithUsage() {
        ChatCompletion completion = openAi.chat().completions().create(chat().build());

        ChatCompletion.Choice choice = completion.choices().getFirst();
        assertThat(choice.message().content()).isPresent();
        assertThat(choice.finishReason())
                .isIn(ChatCompletion.Choice.FinishReason.STOP, ChatCompletion.Choice.FinishReason.LENGTH);
        assertThat(completion.model()).isEqualTo("tiny");
        assertThat(completion.usage()).hasValueSatisfying(usage -> {
            assertThat(usage.promptTokens()).isPositive();
            assertThat(usage.completionTokens()).isBetween(1L, 8L);
            assertThat(usage.totalTokens()).isEqualTo(usage.promptTokens() + usage.completionTokens());
        });
    }

    @Test
    void chatLogprobsParseWithTheChosenTokenFirstAmongItsAlternatives() {
        ChatCompletion completion = openAi.chat()
                .completions()
                .create(chat().temperature(0.0).logprobs(true).topLogprobs(2L).build());

        var content = completion
                .choices()
                .getFirst()
                .logprobs()
                .orElseThrow()
                .content()
                .orElseThrow();
        // Every sampled token but an end-of-sequence token that ended the answer (it has no text) is listed.
        boolean endedByEos =
                completion.choices().getFirst().finishReason().equals(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(content).hasSize((int) completion.usage().orElseThrow().completionTokens() - (endedByEos ? 1 : 0));
        for (var token : content) {
            assertThat(token.logprob()).isLessThanOrEqualTo(0.0);
            assertThat(token.topLogprobs()).hasSize(2);
            assertThat(token.topLogprobs().getFirst().logprob()).isEqualTo(token.logprob());
        }
    }

    @Test
    void anEchoedTokenPromptParsesWithItsScoredPrompt() {
        List<Long> prompt = List.of(1L, 100L, 200L, 300L);
        Completion completion = openAi.completions()
                .create(CompletionCreateParams.builder()
                        .model("tiny")
                        .prompt(CompletionCreateParams.Prompt.ofArrayOfTokens(prompt))
                        .maxTokens(2L)
                        .temperature(0.0)
                        .echo(true)
                        .logprobs(1L)
                        .build());

        CompletionChoice choice = completion.choices().getFirst();
        var logprobs = choice.logprobs().orElseThrow();
        List<Double> values = logprobs.tokenLogprobs().orElseThrow();
        assertThat(values)
                .hasSize(prompt.size() + (int) completion.usage().orElseThrow().completionTokens());
        assertThat(values.getFirst()).isNull();
        assertThat(values.subList(1, values.size()))
                .allSatisfy(value -> assertThat(value).isLessThanOrEqualTo(0.0));
        assertThat(completion.usage().orElseThrow().promptTokens()).isEqualTo(prompt.size());
        assertThat(String.join("", logprobs.tokens().orElseThrow())).isEqualTo(choice.text());
    }

    @Test
    void streamingChatYieldsDeltasAFinishReasonAndUsage() {
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = openAi.chat()
                .completions()
                .createStreaming(chat().streamOptions(ChatCompletionStreamOptions.builder()
                                .includeUsage(true)
                                .build())
                        .build())) {
            stream.stream().forEach(chunks::add);
        }

        assertThat(chunks)
                .anySatisfy(
                        chunk -> assertThat(chunk.choices().getFirst().delta().content())
                                .hasValueSatisfying(text -> assertThat(text).isNotEmpty()));
        assertThat(chunks)
                .anySatisfy(chunk ->
                        assertThat(chunk.choices().getFirst().finishReason()).isPresent());
        assertThat(chunks.getLast().usage())
                .hasValueSatisfying(
                        usage -> assertThat(usage.completionTokens()).isBetween(1L, 8L));
    }

    @Test
    void embeddingsHaveTheModelsDimension() {
        CreateEmbeddingResponse response = openAi.embeddings()
                .create(EmbeddingCreateParams.builder()
                        .model("tiny")
                        .input("hello world")
                        .build());

        assertThat(response.data()).hasSize(1);
        assertThat(response.data().getFirst().embedding()).hasSize(32);
        assertThat(response.usage().promptTokens()).isPositive();
    }

    private static ChatCompletionCreateParams.Builder chat() {
        return ChatCompletionCreateParams.builder()
                .model("tiny")
                .addUserMessage("hello there")
                .maxCompletionTokens(8)
                .temperature(0)
                .seed(5);
    }
}
