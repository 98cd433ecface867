package dev.hangar.worker.llama;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Map;

/**
 * A sampler chain ({@code llama_sampler} made by {@code llama_sampler_chain_init}): the stages, in the order added,
 * that turn a decode's logits into the next token. It keeps state (penalty history, grammar position, random
 * generator), so each generated sequence has its own. The chain must end with {@link #greedy()} or
 * {@link #distribution(int)}.
 */
public final class SamplerChain implements AutoCloseable {
    private final LlamaFunctions f;
    private final MemorySegment handle;
    private final FreeOnce freeOnce = new FreeOnce();

    private SamplerChain(LlamaFunctions functions, MemorySegment handle) {
        this.f = functions;
        this.handle = handle;
    }

    /** An empty chain. */
    public static SamplerChain create(LlamaLibrary library) {
        LlamaFunctions f = library.functions();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment params = f.samplerChainDefaultParams(arena);
            LlamaStructs.setBoolean(params, LlamaStructs.LLAMA_SAMPLER_CHAIN_PARAMS, "no_perf", true);
            return new SamplerChain(f, f.samplerChainInit(params));
        }
    }

    /** Repetition, frequency and presence penalties over the last {@code lastN} tokens. */
    public SamplerChain penalties(int lastN, float repeat, float frequency, float presence) {
        return add(f.samplerInitPenalties(0, lastN, repeat, frequency, presence));
    }

    /**
     * Allows only tokens that keep the output inside a GBNF grammar.
     *
     * @throws LlamaException with llama.cpp's parse error when the grammar is not valid GBNF
     */
    public SamplerChain grammar(LlamaVocab vocab, String gbnf) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sampler =
                    f.samplerInitGrammar(vocab.handle(), arena.allocateFrom(gbnf), arena.allocateFrom("root"));
            if (sampler.equals(MemorySegment.NULL)) {
                throw LlamaException.withLog("llama.cpp rejected the grammar");
            }
            return add(sampler);
        }
    }

    /** Adds {@code bias} to the logit of each token in {@code biases} (token id to bias). */
    public SamplerChain logitBias(LlamaVocab vocab, Map<Integer, Float> biases) {
        var layout = LlamaStructs.LLAMA_LOGIT_BIAS;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment array = arena.allocate(layout, Math.max(1, biases.size()));
            int i = 0;
            for (Map.Entry<Integer, Float> entry : biases.entrySet()) {
                MemorySegment item = array.asSlice(i++ * layout.byteSize(), layout);
                LlamaStructs.setInt(item, layout, "token", entry.getKey());
                item.set(ValueLayout.JAVA_FLOAT, LlamaStructs.offset(layout, "bias"), entry.getValue());
            }
            // llama.cpp copies the biases, so the array may go with the arena.
            return add(f.samplerInitLogitBias(vocab.size(), biases.size(), array));
        }
    }

    public SamplerChain topK(int k) {
        return add(f.samplerInitTopK(k));
    }

    public SamplerChain topP(float p) {
        return add(f.samplerInitTopP(p, 1));
    }

    public SamplerChain minP(float p) {
        return add(f.samplerInitMinP(p, 1));
    }

    public SamplerChain temperature(float temperature) {
        return add(f.samplerInitTemp(temperature));
    }

    /** Ends the chain with the most likely token. */
    public SamplerChain greedy() {
        return add(f.samplerInitGreedy());
    }

    /** Ends the chain with a random draw from the distribution, seeded (a 32-bit unsigned seed). */
    public SamplerChain distribution(int seed) {
        return add(f.samplerInitDist(seed));
    }

    /**
     * Samples the next token from the logits of batch entry {@code index} of the context's last decode, and records it
     * in the chain's state.
     */
    public int sample(LlamaContext context, int index) {
        return f.samplerSample(handle, context.handle(), index);
    }

    private SamplerChain add(MemorySegment sampler) {
        f.samplerChainAdd(handle, sampler);
        return this;
    }

    /** Frees the chain and every stage in it. */
    @Override
    public void close() {
        freeOnce.free(() -> f.samplerFree(handle));
    }
}
