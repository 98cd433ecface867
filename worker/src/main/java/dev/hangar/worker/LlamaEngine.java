package dev.hangar.worker;

import dev.hangar.worker.llama.ChatTemplate;
import dev.hangar.worker.llama.ContextSettings;
import dev.hangar.worker.llama.LlamaContext;
import dev.hangar.worker.llama.LlamaException;
import dev.hangar.worker.llama.LlamaLibrary;
import dev.hangar.worker.llama.LlamaModel;
import dev.hangar.worker.llama.LlamaVocab;
import dev.hangar.worker.llama.LoraAdapter;
import dev.hangar.worker.llama.PoolingType;
import dev.hangar.worker.llama.SamplerChain;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.stream.IntStream;

/**
 * One loaded model on llama.cpp: its vocabulary and chat template, usable from any thread, and its context, which only
 * the {@link DecodeLoop} touches. Requests wait for their results on their own (virtual) threads.
 */
public final class LlamaEngine implements AutoCloseable {
    /** llama.cpp's physical batch; an embedding input must fit in one. */
    static final int MICRO_BATCH = 512;
    /** Sequence ids set aside for the inputs of one embedding step. */
    static final int EMBEDDING_SEQUENCES = 8;

    private final LlamaLibrary library;
    private final LlamaModel model;
    private final LlamaContext context;
    private final AdapterRegistry adapters;
    private final DecodeLoop loop;
    private final ChatTemplate template;
    private final Samplers samplers;
    private final ModelHeader header;
    private final int slotContext;
    private final int microBatch;

    private LlamaEngine(
            LlamaLibrary library,
            LlamaModel model,
            LlamaContext context,
            AdapterRegistry adapters,
            ModelHeader header,
            int slotContext,
            String name) {
        this.library = library;
        this.model = model;
        this.context = context;
        this.adapters = adapters;
        this.header = header;
        this.slotContext = slotContext;
        this.microBatch = context.microBatchSize();
        this.template = ChatTemplate.of(model);
        this.samplers = new Samplers(library, model.vocab());
        this.loop =
                new DecodeLoop(library, context, context.sequences() - EMBEDDING_SEQUENCES, EMBEDDING_SEQUENCES, name);
    }

    /**
     * Loads the model, makes its context and starts its decode thread; takes as long as reading the weights.
     *
     * @throws EngineException with llama.cpp's reason when the model, an adapter or the context does not load
     */
    public static LlamaEngine load(LlamaLibrary library, WorkerOptions options, ModelHeader header) {
        int total = totalContext(options, header);
        int microBatch = Math.min(MICRO_BATCH, options.batchSize());
        PoolingType pooling = options.pooling().or(header::pooling).orElse(PoolingType.LAST);
        if (pooling == PoolingType.RANK && !header.classifierHead()) {
            throw new EngineException(
                    "rank pooling needs a reranker: " + options.model().getFileName()
                            + " has no classification head (no cls or cls.output tensor)",
                    false);
        }
        LlamaModel model = null;
        AdapterRegistry adapters = new AdapterRegistry(options.modelName());
        try {
            model = LlamaModel.load(library, options.model());
            for (WorkerOptions.LoraOption lora : options.loras()) {
                adapters.claim(lora.name());
                adapters.add(lora.name(), lora.file(), lora.scale(), LoraAdapter.load(model, lora.file()));
            }
            // Room beyond the slots' contexts for the inputs of one embedding step.
            int cells = total + (options.embeddings() ? microBatch : 0);
            LlamaContext context = LlamaContext.create(
                    model,
                    new ContextSettings(
                            cells,
                            Math.max(options.batchSize(), microBatch),
                            microBatch,
                            options.parallel() + EMBEDDING_SEQUENCES,
                            options.threads(),
                            false,
                            pooling));
            LlamaEngine engine = new LlamaEngine(
                    library, model, context, adapters, header, total / options.parallel(), options.modelName());
            engine.loop.start();
            return engine;
        } catch (LlamaException e) {
            adapters.list().forEach(adapter -> adapter.handle().close());
            if (model != null) {
                model.close();
            }
            throw new EngineException(e.getMessage(), false);
        }
    }

    /** The context the worker runs with: the option, else the trained context capped at a sane default. */
    public static int totalContext(WorkerOptions options, ModelHeader header) {
        return options.ctxSize()
                .orElse(Math.min(header.trainedContext(), WorkerOptions.DEFAULT_MAX_CONTEXT) * options.parallel());
    }

    /** Tokens one request may use, prompt and output together. */
    public int slotContext() {
        return slotContext;
    }

    /** The most tokens one embedding input may have: it has to fit a slot and one micro-batch. */
    public int embeddingTokenLimit() {
        return Math.min(slotContext, microBatch);
    }

    /**
     * The tokens llama.cpp decodes for a prompt: BOS where the model adds one, and special-token text (a chat
     * template's markers) read as those tokens.
     */
    public int[] tokenize(String text, boolean addSpecial) {
        return vocab().tokenize(text, addSpecial, true);
    }

    public LlamaVocab vocab() {
        return model.vocab();
    }

    /** Renders chat messages through the model's chat template (ChatML when it has none). */
    public String renderChat(List<ChatMessage> messages) {
        try {
            return template.apply(messages.stream()
                    .map(message -> new ChatTemplate.Message(message.role(), message.content()))
                    .toList());
        } catch (LlamaException e) {
            throw new EngineException(e.getMessage(), true);
        }
    }

    /**
     * Generates, handing text to {@code sink} as it is decoded; the request's sequence joins the running batch at the
     * decode thread's next step.
     *
     * @throws IOException from the sink, after the generation was cancelled (its sequence is freed at the next step)
     */
    public Generation generate(GenerationRequest request, TokenSink sink) throws IOException, InterruptedException {
        SamplingOptions sampling = request.sampling();
        SamplerChain sampler = samplers.chain(sampling);
        GenerationJob job = new GenerationJob(
                request.prompt(),
                request.maxTokens(),
                request.topLogprobs(),
                request.scorePrompt(),
                sampling.ignoreEos(),
                new OutputText(sampling.stop()),
                sampler,
                request.adapters());
        loop.submit(job);
        try {
            while (true) {
                switch (job.next()) {
                    case GenerationEvent.Text text -> sink.accept(text.text(), text.logprobs());
                    case GenerationEvent.Prompt prompt -> sink.prompt(prompt.logprobs());
                    case GenerationEvent.Finished finished -> {
                        return finished.generation();
                    }
                    case GenerationEvent.Failed failed -> throw new EngineException(failed.message(), false);
                }
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            job.cancel();
            throw e;
        }
    }

    /** Normalised embeddings of the inputs (already tokenized), in input order, pooled as the engine was set up. */
    public List<float[]> embed(int[][] inputs) throws InterruptedException {
        EmbeddingJob job = new EmbeddingJob(inputs);
        loop.submit(job);
        try {
            return job.result.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new EngineException(e.getCause().toString(), false);
        }
    }

    /**
     * A query and a document as a reranker reads them: through the model's {@code rerank} template when its file has
     * one, else as llama.cpp's server puts them (BOS, query, EOS and SEP where the vocabulary adds them, document, EOS).
     */
    public int[] rerankInput(String query, String document) {
        Optional<String> template = model.namedTemplate("rerank");
        if (template.isPresent()) {
            String prompt = template.get().replace("{query}", query).replace("{document}", document);
            return vocab().tokenize(prompt, false, true);
        }
        LlamaVocab vocab = vocab();
        int eos = vocab.eos() >= 0 ? vocab.eos() : vocab.sep();
        IntStream.Builder tokens = IntStream.builder();
        if (vocab.addsBos()) {
            tokens.add(vocab.bos());
        }
        IntStream.of(vocab.tokenize(query, false, false)).forEach(tokens);
        if (vocab.addsEos()) {
            tokens.add(eos);
        }
        if (vocab.addsSep()) {
            tokens.add(vocab.sep());
        }
        IntStream.of(vocab.tokenize(document, false, false)).forEach(tokens);
        if (vocab.addsEos()) {
            tokens.add(eos);
        }
        return tokens.build().toArray();
    }

    /** The LoRA adapters loaded for the model, which requests choose from. */
    AdapterRegistry adapters() {
        return adapters;
    }

    /**
     * Loads a LoRA adapter for the model between two decode steps (decoding pauses while llama.cpp reads the file).
     *
     * @throws ApiError 409 when the name is taken
     * @throws EngineException (a refused request) with llama.cpp's reason when the file is not an adapter for this
     *     model
     */
    LoadedAdapter loadAdapter(String name, Path file, float scale) throws InterruptedException {
        adapters.claim(name);
        try {
            LoraAdapter handle = loop.onDecodeThread(() -> LoraAdapter.load(model, file));
            return adapters.add(name, file, scale, handle);
        } catch (LlamaException e) {
            adapters.release(name);
            throw new EngineException(e.getMessage(), true);
        } catch (RuntimeException | InterruptedException e) {
            adapters.release(name);
            throw e;
        }
    }

    /**
     * Unloads a LoRA adapter no request uses.
     *
     * @throws ApiError 404 when none has the name; 409 while requests use it
     */
    LoadedAdapter unloadAdapter(String name) throws InterruptedException {
        LoadedAdapter adapter = adapters.remove(name);
        loop.free(adapter);
        return adapter;
    }

    /** What /info reports as the runtime. */
    public String runtime() {
        return "llama.cpp " + library.version();
    }

    public PoolingType pooling() {
        return context.pooling();
    }

    /** Stops the decode thread, then frees the context, adapters and model. */
    @Override
    public void close() {
        loop.close();
        context.close();
        adapters.list().forEach(adapter -> adapter.handle().close());
        model.close();
    }

    /** Only for /info: the header the engine was loaded from. */
    public ModelHeader header() {
        return header;
    }
}
