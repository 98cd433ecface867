package dev.hangar.server.core;

/** Text cut to a column's width, so a long reason (a scanner's report, a deep path) never fails the write it belongs to. */
public final class ColumnText {

    private ColumnText() {}

    public static String fit(String text, int width) {
        if (text == null || text.length() <= width) {
            return text;
        }
        return text.substring(0, width - 1) + "…";
    }
}
