package dev.hangar.server.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JSON Lines inspection on tricky inputs: line ends, BOM, empty files, bad lines, chat shapes, a large file. */
class JsonlInspectorTest {

    @TempDir
    Path dir;

    private final JsonlInspector inspector = new JsonlInspector();

    private Path write(String content) throws Exception {
        return Files.writeString(dir.resolve("data.jsonl"), content);
    }

    @Test
    void emptyFileHasNoRowsAndNoColumns() throws Exception {
        FileInspection inspection = inspector.inspect(write(""));

        assertThat(inspection.rows()).isZero();
        assertThat(inspection.columns()).isEmpty();
    }

    @Test
    void columnsAreTheUnionOfKeysInOrderOfFirstAppearance() throws Exception {
        FileInspection inspection = inspector.inspect(write("{\"a\":1,\"b\":{\"x\":[1,2]}}\n{\"c\":null,\"a\":2}\n"));

        assertThat(inspection.rows()).isEqualTo(2);
        assertThat(inspection.columns()).containsExactly("a", "b", "c");
    }

    @Test
    void lastLineWithoutNewlineCrlfAndBlankLinesCountTheSame() throws Exception {
        assertThat(inspector.inspect(write("{\"a\":1}\n{\"a\":2}")).rows()).isEqualTo(2);
        assertThat(inspector.inspect(write("{\"a\":1}\r\n{\"a\":2}\r\n")).rows())
                .isEqualTo(2);
        assertThat(inspector.inspect(write("{\"a\":1}\n\n{\"a\":2}\n\n")).rows())
                .isEqualTo(2);
    }

    @Test
    void byteOrderMarkIsNotPartOfTheFirstKey() throws Exception {
        FileInspection inspection = inspector.inspect(write("\uFEFF{\"text\":\"hi\"}\n"));

        assertThat(inspection.columns()).containsExactly("text");
        assertThat(inspection.schema()).isEqualTo(DatasetSchema.TEXT);
    }

    @Test
    void lineThatIsNotAnObjectIsNamed() throws Exception {
        assertThatThrownBy(() -> inspector.inspect(write("{\"a\":1}\n{\"a\":2}\n[1,2]\n")))
                .isInstanceOf(InvalidDatasetFile.class)
                .hasMessageContaining("line 3 is not a JSON object (it holds an array)");
    }

    @Test
    void wholeFileArrayIsRefusedWithAHint() throws Exception {
        assertThatThrownBy(() -> inspector.inspect(write("[{\"a\":1},\n{\"a\":2}]\n")))
                .hasMessageContaining("line 1 is not a JSON object")
                .hasMessageContaining("write one object per line");
    }

    @Test
    void invalidJsonNamesItsLineEvenWhenTheParserNoticesOnTheNextOne() throws Exception {
        assertThatThrownBy(() -> inspector.inspect(write("{\"a\":1}\nnot json\n")))
                .hasMessageStartingWith("line 2 is not valid JSON");
        assertThatThrownBy(() -> inspector.inspect(write("{\"a\":1}\n{\"a\":2}\n{\"a\":\n{\"a\":4}\n")))
                .hasMessageStartingWith("line 3 is not valid JSON");
    }

    @Test
    void twoObjectsOnALineOrOneObjectOverTwoLinesAreNotJsonLines() throws Exception {
        assertThatThrownBy(() -> inspector.inspect(write("{\"a\":1} {\"a\":2}\n")))
                .hasMessage("line 1 holds more than one JSON value");
        assertThatThrownBy(() -> inspector.inspect(write("{\"a\":1}\n{\"a\":\n2}\n")))
                .hasMessageStartingWith("line 2 is not a whole JSON object: it goes on to line 3");
    }

    @Test
    void messagesOfRoleAndContentMakeAChat() throws Exception {
        FileInspection chat = inspector.inspect(write(
                "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"assistant\",\"content\":\"hello\"}]}\n"
                        + "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"x\"}]}]}\n"));
        FileInspection notChat = inspector.inspect(write("{\"messages\":[{\"role\":\"user\"}]}\n"));
        FileInspection stringMessages = inspector.inspect(write("{\"messages\":\"hi\"}\n"));

        assertThat(chat.schema()).isEqualTo(DatasetSchema.CHAT);
        assertThat(notChat.schema()).isEqualTo(DatasetSchema.TABULAR);
        assertThat(stringMessages.schema()).isEqualTo(DatasetSchema.TABULAR);
    }

    @Test
    void keysAfterTheSampledRowsAreNotColumnsButTheRowsAreStillChecked() throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < JsonlInspector.SAMPLE_ROWS; i++) {
            text.append("{\"a\":").append(i).append("}\n");
        }
        FileInspection inspection = inspector.inspect(write(text + "{\"late\":1}\n"));

        assertThat(inspection.rows()).isEqualTo(JsonlInspector.SAMPLE_ROWS + 1);
        assertThat(inspection.columns()).containsExactly("a");
        assertThatThrownBy(() -> inspector.inspect(write(text + "42\n")))
                .hasMessageContaining("line " + (JsonlInspector.SAMPLE_ROWS + 1) + " is not a JSON object");
    }

    @Test
    void millionLineFileIsCountedInBoundedMemory() throws Exception {
        Path file = dir.resolve("big.jsonl");
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < 1_000_000; i++) {
                out.write("{\"prompt\":\"question " + i + "\",\"completion\":\"answer\"}\n");
            }
        }
        long allocatedBefore = AllocatedBytes.ofCurrentThread();

        FileInspection inspection = inspector.inspect(file);

        assertThat(inspection.rows()).isEqualTo(1_000_000);
        assertThat(inspection.schema()).isEqualTo(DatasetSchema.INSTRUCTION);
        // The file is ~50 MB; reading it whole (or line by line into strings) would allocate more than that.
        assertThat(AllocatedBytes.ofCurrentThread() - allocatedBefore).isLessThan(Files.size(file) / 2);
    }
}
