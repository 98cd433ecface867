package dev.hangar.formats.hf;

import dev.hangar.formats.BoundedTextFile;
import dev.hangar.formats.ConfinedDirectory;
import dev.hangar.formats.safetensors.JsonFields;
import dev.hangar.formats.safetensors.JsonFileReader;
import dev.hangar.formats.safetensors.JsonValue;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the tokenizer files of a Hugging Face directory say: the tokenizer kind in GGUF's terms (from
 * {@code tokenizer.json}), the chat template ({@code chat_template.jinja}, else {@code tokenizer_config.json}) and the
 * special tokens' texts and ids.
 */
final class HfTokenizer {
    static final String TOKENIZER = "tokenizer.json";
    static final String TOKENIZER_CONFIG = "tokenizer_config.json";
    static final String CHAT_TEMPLATE = "chat_template.jinja";
    static final String SENTENCEPIECE_MODEL = "tokenizer.model";

    /** Large-vocabulary tokenizers (Gemma's 256k tokens) are around 35 MB. */
    static final long MAX_TOKENIZER_BYTES = 50L << 20;

    static final long MAX_TOKENIZER_CONFIG_BYTES = 10L << 20;
    static final long MAX_CHAT_TEMPLATE_BYTES = 1L << 20;

    private final Optional<JsonFields> tokenizer;
    private final Optional<JsonFields> tokenizerConfig;
    private final Optional<String> chatTemplateFile;
    private final boolean hasSentencePieceModel;

    private HfTokenizer(
            Optional<JsonFields> tokenizer,
            Optional<JsonFields> tokenizerConfig,
            Optional<String> chatTemplateFile,
            boolean hasSentencePieceModel) {
        this.tokenizer = tokenizer;
        this.tokenizerConfig = tokenizerConfig;
        this.chatTemplateFile = chatTemplateFile;
        this.hasSentencePieceModel = hasSentencePieceModel;
    }

    static HfTokenizer read(ConfinedDirectory directory) throws IOException {
        String from = "model directory " + directory.path();
        Optional<Path> chatTemplate = directory.file(CHAT_TEMPLATE, from);
        return new HfTokenizer(
                json(directory, TOKENIZER, MAX_TOKENIZER_BYTES),
                json(directory, TOKENIZER_CONFIG, MAX_TOKENIZER_CONFIG_BYTES),
                chatTemplate.isPresent()
                        ? Optional.of(BoundedTextFile.read(chatTemplate.get(), MAX_CHAT_TEMPLATE_BYTES, CHAT_TEMPLATE))
                        : Optional.empty(),
                directory.file(SENTENCEPIECE_MODEL, from).isPresent());
    }

    static Optional<JsonFields> json(ConfinedDirectory directory, String name, long maxBytes) throws IOException {
        Optional<Path> file = directory.file(name, "model directory " + directory.path());
        return file.isPresent()
                ? Optional.of(JsonFields.root(name, JsonFileReader.read(file.get(), maxBytes, name)))
                : Optional.empty();
    }

    /**
     * GGUF's {@code tokenizer.ggml.model}: byte-level BPE (GPT-2, Llama 3, Qwen) is {@code gpt2}, SentencePiece-style
     * BPE with byte fallback (Llama 2, Mistral) is {@code llama}, WordPiece is {@code bert}, Unigram is {@code t5}.
     */
    Optional<String> ggmlModel() {
        if (tokenizer.isEmpty()) {
            return hasSentencePieceModel ? Optional.of("llama") : Optional.empty();
        }
        JsonFields json = tokenizer.get();
        Optional<JsonFields> model = json.object("model");
        Optional<String> type = model.flatMap(fields -> fields.string("type"));
        return type.flatMap(name -> switch (name) {
            case "BPE" -> {
                if (isByteLevel(json.value("pre_tokenizer"))) {
                    yield Optional.of("gpt2");
                }
                yield model.get().bool("byte_fallback").orElse(false) ? Optional.of("llama") : Optional.empty();
            }
            case "WordPiece" -> Optional.of("bert");
            case "Unigram" -> Optional.of("t5");
            default -> Optional.empty();
        });
    }

    /** A ByteLevel pre-tokenizer, alone or inside a Sequence (Llama 3 splits on a regex first). */
    private static boolean isByteLevel(Optional<JsonValue> preTokenizer) {
        if (preTokenizer.isEmpty() || !(preTokenizer.get() instanceof JsonValue.JsonObject object)) {
            return false;
        }
        JsonValue type = object.members().get("type");
        if (type instanceof JsonValue.JsonString(String name) && name.equals("ByteLevel")) {
            return true;
        }
        return object.members().get("pretokenizers") instanceof JsonValue.JsonArray(List<JsonValue> steps)
                && steps.stream().anyMatch(step -> isByteLevel(Optional.of(step)));
    }

    /** A list of named templates (transformers before 4.43 wrote one for tool use) yields the "default" one. */
    Optional<String> chatTemplate() {
        if (chatTemplateFile.isPresent()) {
            return chatTemplateFile;
        }
        return tokenizerConfig.flatMap(config -> config.value("chat_template").flatMap(value -> switch (value) {
            case JsonValue.JsonString(String template) -> Optional.of(template);
            case JsonValue.JsonArray(List<JsonValue> named) -> defaultTemplate(config, named);
            default -> throw config.wrongType("chat_template", "a string or a list of {name, template}");
        }));
    }

    private static Optional<String> defaultTemplate(JsonFields config, List<JsonValue> named) {
        for (JsonValue entry : named) {
            if (!(entry instanceof JsonValue.JsonObject object)) {
                throw config.wrongType("chat_template", "a list of {name, template} objects", entry);
            }
            JsonFields template = new JsonFields(config.file(), "chat_template[].", object);
            if (template.string("name").filter("default"::equals).isPresent()) {
                return Optional.of(
                        template.string("template").orElseThrow(() -> template.wrongType("template", "a string")));
            }
        }
        return Optional.empty();
    }

    /** {@code bos_token} or {@code eos_token}: a string or an AddedToken object {@code {"content": …}}. */
    Optional<String> specialTokenText(String key) {
        return tokenizerConfig.flatMap(config -> config.value(key).map(value -> switch (value) {
            case JsonValue.JsonString(String text) -> text;
            case JsonValue.JsonObject object ->
                new JsonFields(config.file(), key + ".", object)
                        .string("content")
                        .orElseThrow(() -> config.wrongType(key, "a string or an object with \"content\""));
            default -> throw config.wrongType(key, "a string or an object with \"content\"");
        }));
    }

    /** The id that {@code tokenizer.json}'s {@code added_tokens} gives {@code text}. */
    OptionalLong addedTokenId(String text) {
        for (JsonFields token : addedTokens()) {
            if (token.string("content").filter(text::equals).isPresent()) {
                return token.count("id");
            }
        }
        return OptionalLong.empty();
    }

    /** The text that {@code tokenizer.json}'s {@code added_tokens} gives {@code id}. */
    Optional<String> addedTokenText(long id) {
        for (JsonFields token : addedTokens()) {
            OptionalLong tokenId = token.count("id");
            if (tokenId.isPresent() && tokenId.getAsLong() == id) {
                return token.string("content");
            }
        }
        return Optional.empty();
    }

    private List<JsonFields> addedTokens() {
        if (tokenizer.isEmpty()) {
            return List.of();
        }
        JsonFields json = tokenizer.get();
        return json.array("added_tokens").orElse(List.of()).stream()
                .map(entry -> switch (entry) {
                    case JsonValue.JsonObject object -> new JsonFields(json.file(), "added_tokens[].", object);
                    default -> throw json.wrongType("added_tokens", "a list of objects", entry);
                })
                .toList();
    }
}
