package dev.hangar.worker.llama;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * Every C function of llama.cpp (and the few of ggml) the worker calls, each behind a typed Java method. The
 * descriptors follow {@code llama.h}; pointers are {@link MemorySegment}s, {@code bool} is {@code boolean},
 * {@code size_t} is {@code long}. Construction binds them all and records the missing ones in the binder.
 */
final class LlamaFunctions {
    private static final MemoryLayout SIZE_T = JAVA_LONG;

    private final MethodHandle backendLoadAllFromPath;
    private final MethodHandle backendInit;
    private final MethodHandle logSet;
    private final MethodHandle version;
    private final MethodHandle printSystemInfo;
    private final MethodHandle maxParallelSequences;

    private final MethodHandle modelDefaultParams;
    private final MethodHandle modelLoadFromFile;
    private final MethodHandle modelFree;
    private final MethodHandle modelGetVocab;
    private final MethodHandle modelNEmbd;
    private final MethodHandle modelNCtxTrain;
    private final MethodHandle modelChatTemplate;
    private final MethodHandle modelHasEncoder;

    private final MethodHandle contextDefaultParams;
    private final MethodHandle initFromModel;
    private final MethodHandle free;
    private final MethodHandle nCtx;
    private final MethodHandle nBatch;
    private final MethodHandle nUbatch;
    private final MethodHandle nSeqMax;
    private final MethodHandle poolingType;
    private final MethodHandle getMemory;
    private final MethodHandle decode;
    private final MethodHandle setEmbeddings;
    private final MethodHandle getLogitsIth;
    private final MethodHandle getEmbeddingsIth;
    private final MethodHandle getEmbeddingsSeq;
    private final MethodHandle setAdaptersLora;

    private final MethodHandle memoryClear;
    private final MethodHandle memorySeqRm;
    private final MethodHandle memorySeqCp;
    private final MethodHandle memorySeqKeep;
    private final MethodHandle memorySeqPosMax;

    private final MethodHandle batchInit;
    private final MethodHandle batchFree;

    private final MethodHandle vocabNTokens;
    private final MethodHandle vocabBos;
    private final MethodHandle vocabEos;
    private final MethodHandle vocabSep;
    private final MethodHandle vocabGetAddEos;
    private final MethodHandle vocabGetAddSep;
    private final MethodHandle modelNClsOut;
    private final MethodHandle vocabIsEog;
    private final MethodHandle vocabGetAddBos;
    private final MethodHandle tokenize;
    private final MethodHandle tokenToPiece;
    private final MethodHandle detokenize;
    private final MethodHandle chatApplyTemplate;

    private final MethodHandle samplerChainDefaultParams;
    private final MethodHandle samplerChainInit;
    private final MethodHandle samplerChainAdd;
    private final MethodHandle samplerInitGreedy;
    private final MethodHandle samplerInitDist;
    private final MethodHandle samplerInitTopK;
    private final MethodHandle samplerInitTopP;
    private final MethodHandle samplerInitMinP;
    private final MethodHandle samplerInitTemp;
    private final MethodHandle samplerInitPenalties;
    private final MethodHandle samplerInitGrammar;
    private final MethodHandle samplerInitLogitBias;
    private final MethodHandle samplerSample;
    private final MethodHandle samplerFree;

    private final MethodHandle adapterLoraInit;
    private final MethodHandle adapterLoraFree;

    private final Linker linker;
    private final MethodHandle backendRegByName;
    private final MethodHandle backendRegGetProcAddress;
    private final MethodHandle threadpoolParamsInit;
    private final MethodHandle attachThreadpool;
    private final MethodHandle setNThreads;

    LlamaFunctions(SymbolBinder b) {
        backendLoadAllFromPath = b.bind("ggml_backend_load_all_from_path", FunctionDescriptor.ofVoid(ADDRESS));
        backendInit = b.bind("llama_backend_init", FunctionDescriptor.ofVoid());
        logSet = b.bind("llama_log_set", FunctionDescriptor.ofVoid(ADDRESS, ADDRESS));
        version = b.bind("llama_version", FunctionDescriptor.of(ADDRESS));
        printSystemInfo = b.bind("llama_print_system_info", FunctionDescriptor.of(ADDRESS));
        maxParallelSequences = b.bind("llama_max_parallel_sequences", FunctionDescriptor.of(SIZE_T));

        modelDefaultParams =
                b.bind("llama_model_default_params", FunctionDescriptor.of(LlamaStructs.LLAMA_MODEL_PARAMS));
        modelLoadFromFile = b.bind(
                "llama_model_load_from_file", FunctionDescriptor.of(ADDRESS, ADDRESS, LlamaStructs.LLAMA_MODEL_PARAMS));
        modelFree = b.bind("llama_model_free", FunctionDescriptor.ofVoid(ADDRESS));
        modelGetVocab = b.bind("llama_model_get_vocab", FunctionDescriptor.of(ADDRESS, ADDRESS));
        modelNEmbd = b.bind("llama_model_n_embd", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        modelNCtxTrain = b.bind("llama_model_n_ctx_train", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        modelChatTemplate = b.bind("llama_model_chat_template", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
        modelNClsOut = b.bind("llama_model_n_cls_out", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        modelHasEncoder = b.bind("llama_model_has_encoder", FunctionDescriptor.of(JAVA_BOOLEAN, ADDRESS));

        contextDefaultParams =
                b.bind("llama_context_default_params", FunctionDescriptor.of(LlamaStructs.LLAMA_CONTEXT_PARAMS));
        initFromModel = b.bind(
                "llama_init_from_model", FunctionDescriptor.of(ADDRESS, ADDRESS, LlamaStructs.LLAMA_CONTEXT_PARAMS));
        free = b.bind("llama_free", FunctionDescriptor.ofVoid(ADDRESS));
        nCtx = b.bind("llama_n_ctx", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        nBatch = b.bind("llama_n_batch", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        nUbatch = b.bind("llama_n_ubatch", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        nSeqMax = b.bind("llama_n_seq_max", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        poolingType = b.bind("llama_pooling_type", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        getMemory = b.bind("llama_get_memory", FunctionDescriptor.of(ADDRESS, ADDRESS));
        decode = b.bind("llama_decode", FunctionDescriptor.of(JAVA_INT, ADDRESS, LlamaStructs.LLAMA_BATCH));
        setEmbeddings = b.bind("llama_set_embeddings", FunctionDescriptor.ofVoid(ADDRESS, JAVA_BOOLEAN));
        getLogitsIth = b.bind("llama_get_logits_ith", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT));
        getEmbeddingsIth = b.bind("llama_get_embeddings_ith", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT));
        getEmbeddingsSeq = b.bind("llama_get_embeddings_seq", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT));
        setAdaptersLora =
                b.bind("llama_set_adapters_lora", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, SIZE_T, ADDRESS));

        memoryClear = b.bind("llama_memory_clear", FunctionDescriptor.ofVoid(ADDRESS, JAVA_BOOLEAN));
        memorySeqRm = b.bind(
                "llama_memory_seq_rm", FunctionDescriptor.of(JAVA_BOOLEAN, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT));
        memorySeqCp = b.bind(
                "llama_memory_seq_cp", FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
        memorySeqKeep = b.bind("llama_memory_seq_keep", FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT));
        memorySeqPosMax = b.bind("llama_memory_seq_pos_max", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));

        batchInit = b.bind(
                "llama_batch_init", FunctionDescriptor.of(LlamaStructs.LLAMA_BATCH, JAVA_INT, JAVA_INT, JAVA_INT));
        batchFree = b.bind("llama_batch_free", FunctionDescriptor.ofVoid(LlamaStructs.LLAMA_BATCH));

        vocabNTokens = b.bind("llama_vocab_n_tokens", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        vocabBos = b.bind("llama_vocab_bos", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        vocabEos = b.bind("llama_vocab_eos", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        vocabIsEog = b.bind("llama_vocab_is_eog", FunctionDescriptor.of(JAVA_BOOLEAN, ADDRESS, JAVA_INT));
        vocabGetAddBos = b.bind("llama_vocab_get_add_bos", FunctionDescriptor.of(JAVA_BOOLEAN, ADDRESS));
        vocabSep = b.bind("llama_vocab_sep", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        vocabGetAddEos = b.bind("llama_vocab_get_add_eos", FunctionDescriptor.of(JAVA_BOOLEAN, ADDRESS));
        vocabGetAddSep = b.bind("llama_vocab_get_add_sep", FunctionDescriptor.of(JAVA_BOOLEAN, ADDRESS));
        tokenize = b.bind(
                "llama_tokenize",
                FunctionDescriptor.of(
                        JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_BOOLEAN, JAVA_BOOLEAN));
        tokenToPiece = b.bind(
                "llama_token_to_piece",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_BOOLEAN));
        detokenize = b.bind(
                "llama_detokenize",
                FunctionDescriptor.of(
                        JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_BOOLEAN, JAVA_BOOLEAN));
        chatApplyTemplate = b.bind(
                "llama_chat_apply_template",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, SIZE_T, JAVA_BOOLEAN, ADDRESS, JAVA_INT));

        samplerChainDefaultParams = b.bind(
                "llama_sampler_chain_default_params", FunctionDescriptor.of(LlamaStructs.LLAMA_SAMPLER_CHAIN_PARAMS));
        samplerChainInit = b.bind(
                "llama_sampler_chain_init", FunctionDescriptor.of(ADDRESS, LlamaStructs.LLAMA_SAMPLER_CHAIN_PARAMS));
        samplerChainAdd = b.bind("llama_sampler_chain_add", FunctionDescriptor.ofVoid(ADDRESS, ADDRESS));
        samplerInitGreedy = b.bind("llama_sampler_init_greedy", FunctionDescriptor.of(ADDRESS));
        samplerInitDist = b.bind("llama_sampler_init_dist", FunctionDescriptor.of(ADDRESS, JAVA_INT));
        samplerInitTopK = b.bind("llama_sampler_init_top_k", FunctionDescriptor.of(ADDRESS, JAVA_INT));
        samplerInitTopP = b.bind("llama_sampler_init_top_p", FunctionDescriptor.of(ADDRESS, JAVA_FLOAT, SIZE_T));
        samplerInitMinP = b.bind("llama_sampler_init_min_p", FunctionDescriptor.of(ADDRESS, JAVA_FLOAT, SIZE_T));
        samplerInitTemp = b.bind("llama_sampler_init_temp", FunctionDescriptor.of(ADDRESS, JAVA_FLOAT));
        samplerInitPenalties = b.bind(
                "llama_sampler_init_penalties",
                FunctionDescriptor.of(ADDRESS, JAVA_INT, JAVA_INT, JAVA_FLOAT, JAVA_FLOAT, JAVA_FLOAT));
        samplerInitGrammar =
                b.bind("llama_sampler_init_grammar", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        samplerInitLogitBias =
                b.bind("llama_sampler_init_logit_bias", FunctionDescriptor.of(ADDRESS, JAVA_INT, JAVA_INT, ADDRESS));
        samplerSample = b.bind("llama_sampler_sample", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
        samplerFree = b.bind("llama_sampler_free", FunctionDescriptor.ofVoid(ADDRESS));

        adapterLoraInit = b.bind("llama_adapter_lora_init", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
        adapterLoraFree = b.bind("llama_adapter_lora_free", FunctionDescriptor.ofVoid(ADDRESS));

        linker = b.linker();
        backendRegByName = b.bind("ggml_backend_reg_by_name", FunctionDescriptor.of(ADDRESS, ADDRESS));
        backendRegGetProcAddress =
                b.bind("ggml_backend_reg_get_proc_address", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
        threadpoolParamsInit = b.bind("ggml_threadpool_params_init", FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT));
        attachThreadpool = b.bind("llama_attach_threadpool", FunctionDescriptor.ofVoid(ADDRESS, ADDRESS, ADDRESS));
        setNThreads = b.bind("llama_set_n_threads", FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT, JAVA_INT));
    }

    // --- process ---

    void backendLoadAllFromPath(MemorySegment directory) {
        try {
            backendLoadAllFromPath.invoke(directory);
        } catch (Throwable t) {
            throw LlamaException.of("ggml_backend_load_all_from_path", t);
        }
    }

    void backendInit() {
        try {
            backendInit.invoke();
        } catch (Throwable t) {
            throw LlamaException.of("llama_backend_init", t);
        }
    }

    void logSet(MemorySegment callback, MemorySegment userData) {
        try {
            logSet.invoke(callback, userData);
        } catch (Throwable t) {
            throw LlamaException.of("llama_log_set", t);
        }
    }

    MemorySegment version() {
        try {
            return (MemorySegment) version.invoke();
        } catch (Throwable t) {
            throw LlamaException.of("llama_version", t);
        }
    }

    MemorySegment printSystemInfo() {
        try {
            return (MemorySegment) printSystemInfo.invoke();
        } catch (Throwable t) {
            throw LlamaException.of("llama_print_system_info", t);
        }
    }

    long maxParallelSequences() {
        try {
            return (long) maxParallelSequences.invoke();
        } catch (Throwable t) {
            throw LlamaException.of("llama_max_parallel_sequences", t);
        }
    }

    // --- model ---

    MemorySegment modelDefaultParams(SegmentAllocator allocator) {
        try {
            return (MemorySegment) modelDefaultParams.invoke(allocator);
        } catch (Throwable t) {
            throw LlamaException.of("llama_model_default_params", t);
        }
    }

    MemorySegment modelLoadFromFile(MemorySegment path, MemorySegment params) {
        try {
            return (MemorySegment) modelLoadFromFile.invoke(path, params);
        } catch (Throwable t) {
            throw LlamaException.of("llama_model_load_from_file", t);
        }
    }

    void modelFree(MemorySegment model) {
        try {
            modelFree.invoke(model);
        } catch (Throwable t) {
            throw LlamaException.of("llama_model_free", t);
        }
    }

    MemorySegment modelGetVocab(MemorySegment model) {
        try {
            return (MemorySegment) modelGetVocab.invoke(model);
        } catch (Throwable t) {
            throw LlamaException.of("llama_model_get_vocab", t);
        }
    }

    int modelNEmbd(MemorySegment model) {
        try {
            return (int) modelNEmbd.invoke(model);
        } catch (Throwable t) {
            throw LlamaException.of("llama_model_n_embd", t);
        }
    }

    int modelNCtxTrain(MemorySegment model) {
        try {
            return (int) modelNCtxTrain.invoke(model);
        } catch (Throwable t) {
            throw LlamaException.of("llama_model_n_ctx_train", t);
        }
    }

    MemorySegment modelChatTemplate(MemorySegment model, MemorySegment name) {
        try {
            return (MemorySegment) modelChatTemplate.invoke(model, name);
        } catch (Throwable t) {
            throw LlamaException.of("llama_model_chat_template", t);
        }
    }

    boolean modelHasEncoder(MemorySegment model) {
        try {
            return (boolean) modelHasEncoder.invoke(model);
        } catch (Throwable t) {
            throw LlamaException.of("llama_model_has_encoder", t);
        }
    }

    // --- context ---

    MemorySegment contextDefaultParams(SegmentAllocator allocator) {
        try {
            return (MemorySegment) contextDefaultParams.invoke(allocator);
        } catch (Throwable t) {
            throw LlamaException.of("llama_context_default_params", t);
        }
    }

    MemorySegment initFromModel(MemorySegment model, MemorySegment params) {
        try {
            return (MemorySegment) initFromModel.invoke(model, params);
        } catch (Throwable t) {
            throw LlamaException.of("llama_init_from_model", t);
        }
    }

    void free(MemorySegment context) {
        try {
            free.invoke(context);
        } catch (Throwable t) {
            throw LlamaException.of("llama_free", t);
        }
    }

    int nCtx(MemorySegment context) {
        try {
            return (int) nCtx.invoke(context);
        } catch (Throwable t) {
            throw LlamaException.of("llama_n_ctx", t);
        }
    }

    int nBatch(MemorySegment context) {
        try {
            return (int) nBatch.invoke(context);
        } catch (Throwable t) {
            throw LlamaException.of("llama_n_batch", t);
        }
    }

    int nUbatch(MemorySegment context) {
        try {
            return (int) nUbatch.invoke(context);
        } catch (Throwable t) {
            throw LlamaException.of("llama_n_ubatch", t);
        }
    }

    int nSeqMax(MemorySegment context) {
        try {
            return (int) nSeqMax.invoke(context);
        } catch (Throwable t) {
            throw LlamaException.of("llama_n_seq_max", t);
        }
    }

    int poolingType(MemorySegment context) {
        try {
            return (int) poolingType.invoke(context);
        } catch (Throwable t) {
            throw LlamaException.of("llama_pooling_type", t);
        }
    }

    MemorySegment getMemory(MemorySegment context) {
        try {
            return (MemorySegment) getMemory.invoke(context);
        } catch (Throwable t) {
            throw LlamaException.of("llama_get_memory", t);
        }
    }

    int decode(MemorySegment context, MemorySegment batch) {
        try {
            return (int) decode.invoke(context, batch);
        } catch (Throwable t) {
            throw LlamaException.of("llama_decode", t);
        }
    }

    void setEmbeddings(MemorySegment context, boolean embeddings) {
        try {
            setEmbeddings.invoke(context, embeddings);
        } catch (Throwable t) {
            throw LlamaException.of("llama_set_embeddings", t);
        }
    }

    MemorySegment getLogitsIth(MemorySegment context, int index) {
        try {
            return (MemorySegment) getLogitsIth.invoke(context, index);
        } catch (Throwable t) {
            throw LlamaException.of("llama_get_logits_ith", t);
        }
    }

    MemorySegment getEmbeddingsIth(MemorySegment context, int index) {
        try {
            return (MemorySegment) getEmbeddingsIth.invoke(context, index);
        } catch (Throwable t) {
            throw LlamaException.of("llama_get_embeddings_ith", t);
        }
    }

    MemorySegment getEmbeddingsSeq(MemorySegment context, int sequence) {
        try {
            return (MemorySegment) getEmbeddingsSeq.invoke(context, sequence);
        } catch (Throwable t) {
            throw LlamaException.of("llama_get_embeddings_seq", t);
        }
    }

    int setAdaptersLora(MemorySegment context, MemorySegment adapters, long count, MemorySegment scales) {
        try {
            return (int) setAdaptersLora.invoke(context, adapters, count, scales);
        } catch (Throwable t) {
            throw LlamaException.of("llama_set_adapters_lora", t);
        }
    }

    // --- memory ---

    void memoryClear(MemorySegment memory, boolean data) {
        try {
            memoryClear.invoke(memory, data);
        } catch (Throwable t) {
            throw LlamaException.of("llama_memory_clear", t);
        }
    }

    boolean memorySeqRm(MemorySegment memory, int sequence, int from, int to) {
        try {
            return (boolean) memorySeqRm.invoke(memory, sequence, from, to);
        } catch (Throwable t) {
            throw LlamaException.of("llama_memory_seq_rm", t);
        }
    }

    void memorySeqCp(MemorySegment memory, int source, int target, int from, int to) {
        try {
            memorySeqCp.invoke(memory, source, target, from, to);
        } catch (Throwable t) {
            throw LlamaException.of("llama_memory_seq_cp", t);
        }
    }

    void memorySeqKeep(MemorySegment memory, int sequence) {
        try {
            memorySeqKeep.invoke(memory, sequence);
        } catch (Throwable t) {
            throw LlamaException.of("llama_memory_seq_keep", t);
        }
    }

    int memorySeqPosMax(MemorySegment memory, int sequence) {
        try {
            return (int) memorySeqPosMax.invoke(memory, sequence);
        } catch (Throwable t) {
            throw LlamaException.of("llama_memory_seq_pos_max", t);
        }
    }

    // --- batch ---

    MemorySegment batchInit(SegmentAllocator allocator, int tokens, int embd, int sequencesPerToken) {
        try {
            return (MemorySegment) batchInit.invoke(allocator, tokens, embd, sequencesPerToken);
        } catch (Throwable t) {
            throw LlamaException.of("llama_batch_init", t);
        }
    }

    void batchFree(MemorySegment batch) {
        try {
            batchFree.invoke(batch);
        } catch (Throwable t) {
            throw LlamaException.of("llama_batch_free", t);
        }
    }

    // --- vocabulary ---

    int vocabNTokens(MemorySegment vocab) {
        try {
            return (int) vocabNTokens.invoke(vocab);
        } catch (Throwable t) {
            throw LlamaException.of("llama_vocab_n_tokens", t);
        }
    }

    int vocabBos(MemorySegment vocab) {
        try {
            return (int) vocabBos.invoke(vocab);
        } catch (Throwable t) {
            throw LlamaException.of("llama_vocab_bos", t);
        }
    }

    int vocabEos(MemorySegment vocab) {
        try {
            return (int) vocabEos.invoke(vocab);
        } catch (Throwable t) {
            throw LlamaException.of("llama_vocab_eos", t);
        }
    }

    boolean vocabIsEog(MemorySegment vocab, int token) {
        try {
            return (boolean) vocabIsEog.invoke(vocab, token);
        } catch (Throwable t) {
            throw LlamaException.of("llama_vocab_is_eog", t);
        }
    }

    boolean vocabGetAddBos(MemorySegment vocab) {
        try {
            return (boolean) vocabGetAddBos.invoke(vocab);
        } catch (Throwable t) {
            throw LlamaException.of("llama_vocab_get_add_bos", t);
        }
    }

    int vocabSep(MemorySegment vocab) {
        try {
            return (int) vocabSep.invoke(vocab);
        } catch (Throwable t) {
            throw LlamaException.of("llama_vocab_sep", t);
        }
    }

    boolean vocabGetAddEos(MemorySegment vocab) {
        try {
            return (boolean) vocabGetAddEos.invoke(vocab);
        } catch (Throwable t) {
            throw LlamaException.of("llama_vocab_get_add_eos", t);
        }
    }

    boolean vocabGetAddSep(MemorySegment vocab) {
        try {
            return (boolean) vocabGetAddSep.invoke(vocab);
        } catch (Throwable t) {
            throw LlamaException.of("llama_vocab_get_add_sep", t);
        }
    }

    int modelNClsOut(MemorySegment model) {
        try {
            return (int) modelNClsOut.invoke(model);
        } catch (Throwable t) {
            throw LlamaException.of("llama_model_n_cls_out", t);
        }
    }

    int tokenize(
            MemorySegment vocab,
            MemorySegment text,
            int textLength,
            MemorySegment tokens,
            int maxTokens,
            boolean addSpecial,
            boolean parseSpecial) {
        try {
            return (int) tokenize.invoke(vocab, text, textLength, tokens, maxTokens, addSpecial, parseSpecial);
        } catch (Throwable t) {
            throw LlamaException.of("llama_tokenize", t);
        }
    }

    int tokenToPiece(MemorySegment vocab, int token, MemorySegment buffer, int length, int lstrip, boolean special) {
        try {
            return (int) tokenToPiece.invoke(vocab, token, buffer, length, lstrip, special);
        } catch (Throwable t) {
            throw LlamaException.of("llama_token_to_piece", t);
        }
    }

    int detokenize(
            MemorySegment vocab,
            MemorySegment tokens,
            int count,
            MemorySegment text,
            int maxLength,
            boolean removeSpecial,
            boolean unparseSpecial) {
        try {
            return (int) detokenize.invoke(vocab, tokens, count, text, maxLength, removeSpecial, unparseSpecial);
        } catch (Throwable t) {
            throw LlamaException.of("llama_detokenize", t);
        }
    }

    int chatApplyTemplate(
            MemorySegment template,
            MemorySegment messages,
            long count,
            boolean addAssistant,
            MemorySegment buffer,
            int length) {
        try {
            return (int) chatApplyTemplate.invoke(template, messages, count, addAssistant, buffer, length);
        } catch (Throwable t) {
            throw LlamaException.of("llama_chat_apply_template", t);
        }
    }

    // --- samplers ---

    MemorySegment samplerChainDefaultParams(SegmentAllocator allocator) {
        try {
            return (MemorySegment) samplerChainDefaultParams.invoke(allocator);
        } catch (Throwable t) {
            throw LlamaException.of("llama_sampler_chain_default_params", t);
        }
    }

    MemorySegment samplerChainInit(MemorySegment params) {
        try {
            return (MemorySegment) samplerChainInit.invoke(params);
        } catch (Throwable t) {
            throw LlamaException.of("llama_sampler_chain_init", t);
        }
    }

    void samplerChainAdd(MemorySegment chain, MemorySegment sampler) {
        try {
            samplerChainAdd.invoke(chain, sampler);
        } catch (Throwable t) {
            throw LlamaException.of("llama_sampler_chain_add", t);
        }
    }

    MemorySegment samplerInitGreedy() {
        try {
            return (MemorySegment) samplerInitGreedy.invoke();
        } catch (Throwable t) {
            throw LlamaException.of("llama_sampler_init_greedy", t);
        }
    }

    MemorySegment samplerInitDist(int seed) {
        try {
            return (MemorySegment) samplerInitDist.invoke(seed);
        } catch (Throwable t) {
            throw LlamaException.of("llama_sampler_init_dist", t);
        }
    }

    MemorySegment samplerInitTopK(int k) {
        try {
            return (MemorySegment) samplerInitTopK.invoke(k);
        } catch (Throwable t) {
            throw LlamaException.of("llama_sampler_init_top_k", t);
        }
    }

    MemorySegment samplerInitTopP(float p, long minKeep) {
        try {
            return (MemorySegment) samplerInitTopP.invoke(p, minKeep);
        } catch (Throwable t) {
            throw LlamaException.of("llama_sampler_init_top_p", t);
        }
    }

    MemorySegment samplerInitMinP(float p, long minKeep) {
        try {
            return (MemorySegment) samplerInitMinP.invoke(p, minKeep);
        } catch (Throwable t) {
            throw LlamaException.of("llama_sampler_init_min_p", t);
        }
    }

    MemorySegment samplerInitTemp(float temperature) {
        try {
            return (MemorySegment) samplerInitTemp.invoke(temperature);
        } catch (Throwable t) {
            throw LlamaException.of("llama_sampler_init_temp", t);
        }
    }

    MemorySegment samplerInitPenalties(int vocabSize, int lastN, float repeat, float frequency, float presence) {
        try {
            return (MemorySegment) samplerInitPenalties.invoke(vocabSize, lastN, repeat, frequency, presence);
        } catch (Throwable t) {
            throw LlamaException.of("llama_sampler_init_penalties", t);
        }
    }

    MemorySegment samplerInitGrammar(MemorySegment vocab, MemorySegment grammar, MemorySegment root) {
        try {
            return (MemorySegment) samplerInitGrammar.invoke(vocab, grammar, root);
        } catch (Throwable t) {
            throw LlamaException.of("llama_sampler_init_grammar", t);
        }
    }

    MemorySegment samplerInitLogitBias(int vocabSize, int count, MemorySegment biases) {
        try {
            return (MemorySegment) samplerInitLogitBias.invoke(vocabSize, count, biases);
        } catch (Throwable t) {
            throw LlamaException.of("llama_sampler_init_logit_bias", t);
        }
    }

    int samplerSample(MemorySegment sampler, MemorySegment context, int index) {
        try {
            return (int) samplerSample.invoke(sampler, context, index);
        } catch (Throwable t) {
            throw LlamaException.of("llama_sampler_sample", t);
        }
    }

    void samplerFree(MemorySegment sampler) {
        try {
            samplerFree.invoke(sampler);
        } catch (Throwable t) {
            throw LlamaException.of("llama_sampler_free", t);
        }
    }

    // --- LoRA adapters ---

    MemorySegment adapterLoraInit(MemorySegment model, MemorySegment path) {
        try {
            return (MemorySegment) adapterLoraInit.invoke(model, path);
        } catch (Throwable t) {
            throw LlamaException.of("llama_adapter_lora_init", t);
        }
    }

    void adapterLoraFree(MemorySegment adapter) {
        try {
            adapterLoraFree.invoke(adapter);
        } catch (Throwable t) {
            throw LlamaException.of("llama_adapter_lora_free", t);
        }
    }

    // --- CPU threads ---

    /**
     * A function the loaded CPU backend offers by name ({@code ggml_backend_reg_get_proc_address}), bound to
     * {@code descriptor}; empty when no CPU backend is loaded or it lacks the function.
     */
    Optional<MethodHandle> cpuBackendFunction(String name, FunctionDescriptor descriptor) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cpu = (MemorySegment) backendRegByName.invoke(arena.allocateFrom("CPU"));
            if (cpu.equals(MemorySegment.NULL)) {
                return Optional.empty();
            }
            MemorySegment function = (MemorySegment) backendRegGetProcAddress.invoke(cpu, arena.allocateFrom(name));
            return function.equals(MemorySegment.NULL)
                    ? Optional.empty()
                    : Optional.of(linker.downcallHandle(function, descriptor));
        } catch (Throwable t) {
            throw LlamaException.of("ggml_backend_reg_get_proc_address", t);
        }
    }

    void threadpoolParamsInit(MemorySegment params, int threads) {
        try {
            threadpoolParamsInit.invoke(params, threads);
        } catch (Throwable t) {
            throw LlamaException.of("ggml_threadpool_params_init", t);
        }
    }

    void attachThreadpool(MemorySegment context, MemorySegment threadpool, MemorySegment threadpoolBatch) {
        try {
            attachThreadpool.invoke(context, threadpool, threadpoolBatch);
        } catch (Throwable t) {
            throw LlamaException.of("llama_attach_threadpool", t);
        }
    }

    void setNThreads(MemorySegment context, int threads, int threadsBatch) {
        try {
            setNThreads.invoke(context, threads, threadsBatch);
        } catch (Throwable t) {
            throw LlamaException.of("llama_set_n_threads", t);
        }
    }
}
