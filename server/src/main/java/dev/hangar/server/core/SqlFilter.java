package dev.hangar.server.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The {@code where} clause of a filtered list, built from the filters a caller gave, and the page
 * it selects with its total. Conditions use named parameters only, so no caller text reaches SQL.
 */
public final class SqlFilter {

    private final StringBuilder where = new StringBuilder("where 1 = 1");
    private final Map<String, Object> params = new LinkedHashMap<>();

    /** Adds {@code and (condition)} with one named parameter. */
    public SqlFilter and(String condition, String param, Object value) {
        where.append(" and (").append(condition).append(')');
        params.put(param, value);
        return this;
    }

    /** Adds {@code column = :param} when the filter was given; enums and other values by their API name. */
    public SqlFilter equal(String column, String param, Optional<?> value) {
        value.ifPresent(v -> and(column + " = :" + param, param, v.toString()));
        return this;
    }

    /** Adds a case-insensitive substring match of {@code text} against any of the columns. */
    public SqlFilter contains(Optional<String> text, String param, List<String> columns) {
        text.ifPresent(t -> and(
                String.join(
                        " or ",
                        columns.stream()
                                .map(c -> "lower(coalesce(" + c + ", '')) like :" + param)
                                .toList()),
                param,
                "%" + escapeLike(t.toLowerCase(Locale.ROOT)) + "%"));
        return this;
    }

    /**
     * Runs {@code select … where … order by … limit/offset} and {@code select count(*) from … where …}.
     *
     * @param select the select and from/join part, ending before {@code where}
     * @param countFrom the from part of the count, e.g. {@code models m}
     */
    public <T> Page<T> page(
            JdbcClient jdbc, String select, String countFrom, String orderBy, PageRequest page, RowMapper<T> mapper) {
        List<T> items = jdbc.sql(select + " " + where + " order by " + orderBy + " limit :limit offset :offset")
                .params(params)
                .param("limit", page.size())
                .param("offset", page.offset())
                .query(mapper)
                .list();
        long total = jdbc.sql("select count(*) from " + countFrom + " " + where)
                .params(params)
                .query(Long.class)
                .single();
        return new Page<>(items, page.page(), page.size(), total);
    }

    private static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
