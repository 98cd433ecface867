package dev.hangar.formats.tiny;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tiny vocabulary as Hugging Face {@code tokenizers} files: a BPE with byte fallback and SentencePiece's space
 * handling (Llama 2's tokenizer.json layout), and the tokenizer_config.json carrying the same chat template and
 * bos/eos as the GGUF.
 */
final class HfTokenizer {
    private static final Optional<Object> NULL = Optional.empty();

    private HfTokenizer() {}

    static Map<String, Object> tokenizerJson(TinyVocabulary vocabulary) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("version", "1.0");
        json.put("truncation", NULL);
        json.put("padding", NULL);
        json.put("added_tokens", addedTokens(vocabulary));
        json.put(
                "normalizer",
                ordered(
                        "type",
                        "Sequence",
                        "normalizers",
                        List.of(
                                ordered("type", "Prepend", "prepend", TinyVocabulary.SPACE),
                                ordered(
                                        "type",
                                        "Replace",
                                        "pattern",
                                        ordered("String", " "),
                                        "content",
                                        TinyVocabulary.SPACE))));
        json.put("pre_tokenizer", NULL);
        json.put("post_processor", bosProcessor());
        json.put(
                "decoder",
                ordered(
                        "type",
                        "Sequence",
                        "decoders",
                        List.of(
                                ordered(
                                        "type",
                                        "Replace",
                                        "pattern",
                                        ordered("String", TinyVocabulary.SPACE),
                                        "content",
                                        " "),
                                ordered("type", "ByteFallback"),
                                ordered("type", "Fuse"),
                                ordered("type", "Strip", "content", " ", "start", 1, "stop", 0))));
        json.put("model", bpeModel(vocabulary));
        return json;
    }

    static Map<String, Object> tokenizerConfig(TinyVocabulary vocabulary, int contextLength) {
        Map<String, Object> decoder = new LinkedHashMap<>();
        List<TinyToken> tokens = vocabulary.tokens();
        for (int id = 0; id < tokens.size(); id++) {
            if (tokens.get(id).special()) {
                decoder.put(String.valueOf(id), addedToken(tokens.get(id).text()));
            }
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("tokenizer_class", "PreTrainedTokenizerFast");
        config.put("add_bos_token", true);
        config.put("add_eos_token", false);
        config.put("bos_token", TinyVocabulary.BOS);
        config.put("eos_token", TinyVocabulary.IM_END);
        config.put("unk_token", TinyVocabulary.UNKNOWN);
        config.put("pad_token", TinyVocabulary.END_OF_SENTENCE);
        config.put("model_max_length", contextLength);
        config.put("clean_up_tokenization_spaces", false);
        config.put("added_tokens_decoder", decoder);
        config.put("chat_template", TinyVocabulary.CHAT_TEMPLATE);
        return config;
    }

    private static List<Object> addedTokens(TinyVocabulary vocabulary) {
        List<Object> added = new ArrayList<>();
        List<TinyToken> tokens = vocabulary.tokens();
        for (int id = 0; id < tokens.size(); id++) {
            if (tokens.get(id).special()) {
                Map<String, Object> token = new LinkedHashMap<>();
                token.put("id", id);
                token.putAll(addedToken(tokens.get(id).text()));
                added.add(token);
            }
        }
        return added;
    }

    private static Map<String, Object> addedToken(String content) {
        return ordered(
                "content",
                content,
                "single_word",
                false,
                "lstrip",
                false,
                "rstrip",
                false,
                "normalized",
                false,
                "special",
                true);
    }

    /** Prepends {@code <s>} to every encoded sequence, as add_bos_token promises. */
    private static Map<String, Object> bosProcessor() {
        Map<String, Object> bos = ordered("SpecialToken", ordered("id", TinyVocabulary.BOS, "type_id", 0));
        return ordered(
                "type", "TemplateProcessing",
                "single", List.of(bos, ordered("Sequence", ordered("id", "A", "type_id", 0))),
                "pair",
                        List.of(
                                bos,
                                ordered("Sequence", ordered("id", "A", "type_id", 0)),
                                ordered("SpecialToken", ordered("id", TinyVocabulary.BOS, "type_id", 1)),
                                ordered("Sequence", ordered("id", "B", "type_id", 1))),
                "special_tokens",
                        ordered(
                                TinyVocabulary.BOS,
                                ordered(
                                        "id", TinyVocabulary.BOS,
                                        "ids", List.of(TinyVocabulary.BOS_ID),
                                        "tokens", List.of(TinyVocabulary.BOS))));
    }

    /**
     * One merge per multi-character piece: the piece without its last character, a space, then that character. The
     * space-separated form is the one every tokenizers version reads; no piece holds a space (it is {@code ▁}).
     */
    private static Map<String, Object> bpeModel(TinyVocabulary vocabulary) {
        Map<String, Object> vocab = new LinkedHashMap<>();
        List<Object> merges = new ArrayList<>();
        List<TinyToken> tokens = vocabulary.tokens();
        for (int id = 0; id < tokens.size(); id++) {
            TinyToken token = tokens.get(id);
            vocab.put(token.text(), id);
            int length = token.text().codePointCount(0, token.text().length());
            if (token.type() == TinyToken.Type.NORMAL && length > 1) {
                int last = token.text().offsetByCodePoints(0, length - 1);
                merges.add(token.text().substring(0, last) + " " + token.text().substring(last));
            }
        }
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("type", "BPE");
        model.put("dropout", NULL);
        model.put("unk_token", TinyVocabulary.UNKNOWN);
        model.put("continuing_subword_prefix", NULL);
        model.put("end_of_word_suffix", NULL);
        model.put("fuse_unk", true);
        model.put("byte_fallback", true);
        model.put("ignore_merges", false);
        model.put("vocab", vocab);
        model.put("merges", merges);
        return model;
    }

    /** A map that keeps the order its keys are given in, so the files read like the ones transformers writes. */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
