package io.berth.cli.format;

import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The data a table header is rendered against: every field is a method answering its column
 * title, whatever arguments follow it ({@code {{.Label "x"}}} too). Fields without a title in the
 * header map answer their name in upper case.
 */
final class HeaderRow extends AbstractMap<String, Object> {
    private final Map<String, String> titles;

    HeaderRow(Map<String, String> titles) {
        this.titles = titles;
    }

    private String title(String field) {
        return titles.getOrDefault(field, field.toUpperCase(Locale.ROOT));
    }

    @Override
    public Object get(Object key) {
        if (!(key instanceof String field)) {
            return null;
        }
        return (TemplateMethod) args -> title(field);
    }

    @Override
    public boolean containsKey(Object key) {
        return key instanceof String;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return new LinkedHashMap<String, Object>(titles).entrySet();
    }
}
