package dev.hangar.server.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedWriter;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CSV inspection on tricky inputs: RFC 4180 quoting, line ends, BOM, empty files, ragged rows, a large file. */
class CsvInspectorTest {

    @TempDir
    Path dir;

    private final CsvInspector inspector = new CsvInspector();

    private Path write(String content) throws Exception {
        return Files.writeString(dir.resolve("data.csv"), content);
    }

    private static List<List<String>> records(String text) throws Exception {
        CsvRecordReader reader = new CsvRecordReader(new StringReader(text));
        List<List<String>> records = new ArrayList<>();
        for (List<String> fields = new ArrayList<>(); reader.next(fields) >= 0; fields = new ArrayList<>()) {
            records.add(fields);
        }
        return records;
    }

    @Test
    void quotedFieldsHoldCommasDoubledQuotesAndLineBreaks() throws Exception {
        assertThat(records("a,b,c\n\"x, y\",\"say \"\"hi\"\"\",\"two\r\nlines\"\n,,\n"))
                .containsExactly(
                        List.of("a", "b", "c"), List.of("x, y", "say \"hi\"", "two\r\nlines"), List.of("", "", ""));
    }

    @Test
    void headerGivesColumnsAndEveryOtherRecordIsARow() throws Exception {
        FileInspection inspection =
                inspector.inspect(write("prompt,completion\n\"a, b\",\"line one\nline two\"\nc,d\n"));

        assertThat(inspection.columns()).containsExactly("prompt", "completion");
        assertThat(inspection.rows()).isEqualTo(2);
        assertThat(inspection.schema()).isEqualTo(DatasetSchema.INSTRUCTION);
    }

    @Test
    void emptyFileAndHeaderOnlyFileHaveNoRows() throws Exception {
        assertThat(inspector.inspect(write("")).rows()).isZero();
        assertThat(inspector.inspect(write("")).columns()).isEmpty();
        assertThat(inspector.inspect(write("text\n")).rows()).isZero();
        assertThat(inspector.inspect(write("text\n")).columns()).containsExactly("text");
    }

    @Test
    void crlfLfAndAMissingLastNewlineCountTheSame() throws Exception {
        assertThat(inspector.inspect(write("a,b\r\n1,2\r\n3,4\r\n")).rows()).isEqualTo(2);
        assertThat(inspector.inspect(write("a,b\n1,2\n3,4")).rows()).isEqualTo(2);
        assertThat(inspector.inspect(write("a,b\r\n1,2\r\n3,4")).columns()).containsExactly("a", "b");
    }

    @Test
    void byteOrderMarkIsNotPartOfTheFirstColumn() throws Exception {
        Path file = dir.resolve("bom.csv");
        Files.write(file, "\uFEFFtext,label\nhello,1\n".getBytes(StandardCharsets.UTF_8));

        FileInspection inspection = inspector.inspect(file);

        assertThat(inspection.columns()).containsExactly("text", "label");
        assertThat(inspection.schema()).isEqualTo(DatasetSchema.TEXT);
    }

    @Test
    void raggedRowIsNamedWithItsLine() throws Exception {
        assertThatThrownBy(() -> inspector.inspect(write("a,b,c\n1,2,3\n\"x\ny\",2,3\n4,5\n")))
                .isInstanceOf(InvalidDatasetFile.class)
                .hasMessage("row 3 (line 5) has 2 field(s), the header has 3");
    }

    @Test
    void unclosedQuoteIsNamedWithTheLineItOpensOn() throws Exception {
        assertThatThrownBy(() -> inspector.inspect(write("a,b\n1,2\n3,\"never closed\n5,6\n")))
                .hasMessage("the quoted field that starts on line 3 is never closed");
    }

    @Test
    void millionLineFileIsCountedInBoundedMemory() throws Exception {
        Path file = dir.resolve("big.csv");
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("id,text,label\r\n");
            for (int i = 0; i < 1_000_000; i++) {
                out.write(i + ",\"row " + i + ", quoted\",label\r\n");
            }
        }
        long allocatedBefore = AllocatedBytes.ofCurrentThread();

        FileInspection inspection = inspector.inspect(file);

        assertThat(inspection.rows()).isEqualTo(1_000_000);
        assertThat(inspection.columns()).containsExactly("id", "text", "label");
        assertThat(AllocatedBytes.ofCurrentThread() - allocatedBefore).isLessThan(Files.size(file) / 2);
    }
}
