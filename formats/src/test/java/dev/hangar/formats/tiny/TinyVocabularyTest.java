package dev.hangar.formats.tiny;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TinyVocabularyTest {
    private final List<TinyToken> tokens = TinyVocabulary.standard().tokens();

    @Test
    void controlTokensAndChatMarkersComeFirstAtTheirDeclaredIds() {
        assertThat(tokens.subList(0, 5))
                .extracting(TinyToken::text)
                .containsExactly("<unk>", "<s>", "</s>", "<|im_start|>", "<|im_end|>");
        assertThat(tokens.get(TinyVocabulary.BOS_ID).text()).isEqualTo(TinyVocabulary.BOS);
        assertThat(tokens.get(TinyVocabulary.EOS_ID).text()).isEqualTo(TinyVocabulary.IM_END);
        assertThat(tokens.subList(1, 5)).allMatch(token -> token.type() == TinyToken.Type.CONTROL);
    }

    @Test
    void everyByteHasAByteTokenSoAnyTextEncodes() {
        List<TinyToken> bytes = tokens.stream()
                .filter(token -> token.type() == TinyToken.Type.BYTE)
                .toList();

        assertThat(bytes).hasSize(256);
        assertThat(bytes.getFirst().text()).isEqualTo("<0x00>");
        assertThat(bytes.get(0xC3).text()).isEqualTo("<0xC3>");
        assertThat(bytes.getLast().text()).isEqualTo("<0xFF>");
    }

    @Test
    void everyLongerPieceGrowsFromAShorterPieceAndACharacterPiece() {
        Set<String> texts = tokens.stream().map(TinyToken::text).collect(Collectors.toSet());

        assertThat(tokens.stream()
                        .filter(token -> token.type() == TinyToken.Type.NORMAL
                                && token.text().length() > 1))
                .isNotEmpty()
                .allSatisfy(token -> {
                    String text = token.text();
                    assertThat(texts).contains(text.substring(0, text.length() - 1), text.substring(text.length() - 1));
                });
    }

    @Test
    void tokensAreUniqueAndIncludeWholeWords() {
        Set<String> texts = tokens.stream().map(TinyToken::text).collect(Collectors.toSet());

        assertThat(texts).hasSize(tokens.size()).contains("\u2581hello", "\u2581world", "\u2581The", "a", "!");
    }
}
