package dev.hangar.server.dataset;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.base.ParserBase;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads a JSON Lines file (https://jsonlines.org) as a token stream, so memory stays bounded
 * whatever the file's size: counts the rows, takes the column names from the top-level keys of
 * the first {@value #SAMPLE_ROWS} rows, and fails naming the line that is not one JSON object.
 */
final class JsonlInspector {

    /** Rows whose keys and {@code messages} make up the columns and the schema; later rows are only checked and counted. */
    static final int SAMPLE_ROWS = 1000;

    private static final JsonFactory JSON = new JsonFactory();

    FileInspection inspect(Path file) throws IOException, InvalidDatasetFile {
        Set<String> columns = new LinkedHashSet<>();
        boolean chatMessages = true;
        long rows = 0;
        int previousLine = 0;
        int line = 0;
        boolean insideRow = false;
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), file)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                line = tokenLine(parser);
                if (token != JsonToken.START_OBJECT) {
                    // A .json file holding one array of objects is a common near miss; say how to fix it.
                    String hint = rows == 0 && token == JsonToken.START_ARRAY
                            ? "; a file holding one JSON array is not JSON Lines, write one object per line"
                            : "";
                    throw new InvalidDatasetFile(
                            "line " + line + " is not a JSON object (it holds " + kind(token) + ")" + hint);
                }
                if (line == previousLine) {
                    throw new InvalidDatasetFile("line " + line + " holds more than one JSON value");
                }
                insideRow = true;
                boolean sampled = rows < SAMPLE_ROWS;
                while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                    String key = parser.currentName();
                    parser.nextToken();
                    if (sampled && key.equals("messages")) {
                        chatMessages &= ChatMessages.follow(parser);
                    } else {
                        parser.skipChildren();
                    }
                    if (sampled && columns.size() < FileInspection.MAX_COLUMNS) {
                        columns.add(key);
                    }
                }
                previousLine = tokenLine(parser); // the line of the row's closing brace
                if (previousLine != line) {
                    throw new InvalidDatasetFile("line " + line + " is not a whole JSON object: it goes on to line "
                            + previousLine + ", and JSON Lines needs one object per line");
                }
                rows++;
                insideRow = false;
            }
        } catch (StreamReadException e) {
            // An object left open runs into the next lines before the parser notices; blame the line it started on.
            int at = insideRow || e.getLocation() == null
                    ? line
                    : e.getLocation().getLineNr();
            // The parser's own message quotes the offending text; a file that is not JSONL may hold secrets, so say
            // where only.
            int column = e.getLocation() == null ? -1 : e.getLocation().getColumnNr();
            throw new InvalidDatasetFile(
                    "line " + at + " is not valid JSON" + (insideRow || column < 1 ? "" : " (column " + column + ")"));
        } catch (JacksonIOException e) {
            throw e.getCause();
        }
        return new FileInspection(rows, columns.stream().toList(), chatMessages && columns.contains("messages"));
    }

    private static String kind(JsonToken token) {
        return switch (token) {
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.toString();
        };
    }

    /** Checks, without building a tree, that a {@code messages} value is a non-empty list of role/content objects. */
    private static final class ChatMessages {

        static boolean follow(JsonParser parser) throws JacksonException {
            if (parser.currentToken() != JsonToken.START_ARRAY) {
                parser.skipChildren();
                return false;
            }
            boolean chat = true;
            int messages = 0;
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                messages++;
                chat &= isMessage(parser);
            }
            return chat && messages > 0;
        }

        private static boolean isMessage(JsonParser parser) throws JacksonException {
            if (parser.currentToken() != JsonToken.START_OBJECT) {
                parser.skipChildren();
                return false;
            }
            boolean role = false;
            boolean content = false;
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String key = parser.currentName();
                JsonToken value = parser.nextToken();
                role |= key.equals("role") && value == JsonToken.VALUE_STRING;
                // Content is a string, or a list of parts in the multimodal variant.
                content |= key.equals("content") && (value == JsonToken.VALUE_STRING || value == JsonToken.START_ARRAY);
                parser.skipChildren();
            }
            return role && content;
        }
    }

    /**
     * The line of the parser's current token, without the location object that
     * {@link JsonParser#currentTokenLocation} makes for every call: a row is a few tokens, a file
     * millions of rows.
     */
    private static int tokenLine(JsonParser parser) {
        return parser instanceof ParserBase base
                ? base.getTokenLineNr()
                : parser.currentTokenLocation().getLineNr();
    }
}
