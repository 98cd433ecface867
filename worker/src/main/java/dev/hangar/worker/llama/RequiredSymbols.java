package dev.hangar.worker.llama;

import java.lang.foreign.SymbolLookup;
import java.util.List;

/**
 * The C functions of llama.cpp (and ggml, which libllama loads) the worker calls, checked all at once when the
 * library is opened, so a library that lacks some (an older or a trimmed build) is refused at start with every
 * missing name rather than at the first request that would call one.
 */
public final class RequiredSymbols {

    /** The functions the worker cannot do without. */
    public static final List<String> FUNCTIONS = List.of(
            "llama_backend_init",
            "llama_version",
            "llama_print_system_info",
            "llama_model_default_params",
            "llama_context_default_params",
            "llama_model_load_from_file",
            "llama_model_free",
            "llama_model_get_vocab",
            "llama_model_chat_template",
            "llama_init_from_model",
            "llama_free",
            "llama_pooling_type",
            "llama_tokenize",
            "llama_token_to_piece",
            "llama_detokenize",
            "llama_vocab_is_eog",
            "llama_chat_apply_template",
            "llama_batch_init",
            "llama_batch_free",
            "llama_decode",
            "llama_get_logits_ith",
            "llama_get_embeddings_ith",
            "llama_get_embeddings_seq",
            "llama_get_memory",
            "llama_memory_seq_rm",
            "llama_memory_seq_cp",
            "llama_sampler_chain_init",
            "llama_sampler_chain_add",
            "llama_sampler_init_grammar",
            "llama_sampler_sample",
            "llama_sampler_free",
            "llama_adapter_lora_init",
            "llama_set_adapters_lora",
            "ggml_backend_load_all_from_path");

    private RequiredSymbols() {}

    /** The names among {@code names} the library does not export, in the order given. */
    public static List<String> missing(SymbolLookup library, List<String> names) {
        return names.stream().filter(name -> library.find(name).isEmpty()).toList();
    }
}
