package dev.hangar.worker;

import dev.hangar.worker.llama.LlamaException;
import dev.hangar.worker.llama.LlamaLibrary;
import dev.hangar.worker.llama.LlamaVocab;
import dev.hangar.worker.llama.SamplerChain;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Builds a request's sampler chain from its options, with llama-server's defaults for what the request leaves out:
 * logit biases, penalties, the grammar, then greedy at temperature 0, else top-k, top-p, min-p, temperature and a seeded draw.
 */
final class Samplers {
    static final double DEFAULT_TEMPERATURE = 0.8;
    static final int DEFAULT_TOP_K = 40;
    static final double DEFAULT_TOP_P = 0.95;
    static final double DEFAULT_MIN_P = 0.05;
    /** How many recent tokens the presence and frequency penalties look at. */
    static final int PENALTY_WINDOW = 64;

    private final LlamaLibrary library;
    private final LlamaVocab vocab;

    Samplers(LlamaLibrary library, LlamaVocab vocab) {
        this.library = library;
        this.vocab = vocab;
    }

    /** @throws EngineException (a rejected request) when llama.cpp cannot parse the grammar */
    SamplerChain chain(SamplingOptions options) {
        for (int token : options.logitBias().keySet()) {
            if (token >= vocab.size()) {
                throw new EngineException(
                        "'logit_bias' names token " + token + ", but the vocabulary has " + vocab.size() + " tokens",
                        true);
            }
        }
        SamplerChain chain = SamplerChain.create(library);
        try {
            if (!options.logitBias().isEmpty()) {
                chain.logitBias(vocab, options.logitBias());
            }
            double presence = options.presencePenalty().orElse(0);
            double frequency = options.frequencyPenalty().orElse(0);
            if (presence != 0 || frequency != 0) {
                chain.penalties(PENALTY_WINDOW, 1.0f, (float) frequency, (float) presence);
            }
            if (options.grammar().isPresent()) {
                chain.grammar(vocab, options.grammar().get());
            }
            double temperature = options.temperature().orElse(DEFAULT_TEMPERATURE);
            if (temperature <= 0) {
                return chain.greedy();
            }
            int topK = options.topK().orElse(DEFAULT_TOP_K);
            if (topK > 0) {
                chain.topK(topK);
            }
            double topP = options.topP().orElse(DEFAULT_TOP_P);
            if (topP < 1) {
                chain.topP((float) topP);
            }
            double minP = options.minP().orElse(DEFAULT_MIN_P);
            if (minP > 0) {
                chain.minP((float) minP);
            }
            int seed = (int)
                    options.seed().orElseGet(() -> ThreadLocalRandom.current().nextLong(1L << 32));
            return chain.temperature((float) temperature).distribution(seed);
        } catch (LlamaException e) {
            chain.close();
            throw new EngineException(e.getMessage(), true);
        } catch (RuntimeException e) {
            chain.close();
            throw e;
        }
    }
}
