package dev.hangar.server.dataset;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a CSV file with a header row, streaming: the header gives the columns, every further
 * record is a row and must have as many fields as the header, else the file fails naming the row.
 */
final class CsvInspector {

    FileInspection inspect(Path file) throws IOException, InvalidDatasetFile {
        try (Reader reader = new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8)) {
            CsvRecordReader records = new CsvRecordReader(reader);
            List<String> header = new ArrayList<>();
            int columns = records.next(header);
            if (columns < 0) {
                return new FileInspection(0, List.of(), false);
            }
            long rows = 0;
            for (int fields = records.next(null); fields >= 0; fields = records.next(null)) {
                rows++;
                if (fields != columns) {
                    throw new InvalidDatasetFile("row " + rows + " (line " + records.recordLine() + ") has " + fields
                            + " field(s), the header has " + columns);
                }
            }
            List<String> names = header.subList(0, Math.min(header.size(), FileInspection.MAX_COLUMNS));
            return new FileInspection(rows, names, false);
        }
    }
}
