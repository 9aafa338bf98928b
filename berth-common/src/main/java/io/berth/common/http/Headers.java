package io.berth.common.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** An ordered, case-insensitive list of header fields. */
public final class Headers {
    private final List<String[]> fields = new ArrayList<>();

    public Headers add(String name, String value) {
        fields.add(new String[] {name, value});
        return this;
    }

    public Headers addAll(Headers other) {
        for (String[] f : other.fields) {
            fields.add(new String[] {f[0], f[1]});
        }
        return this;
    }

    public Headers set(String name, String value) {
        remove(name);
        return add(name, value);
    }

    public void remove(String name) {
        fields.removeIf(f -> f[0].equalsIgnoreCase(name));
    }

    public Optional<String> first(String name) {
        for (String[] f : fields) {
            if (f[0].equalsIgnoreCase(name)) {
                return Optional.of(f[1]);
            }
        }
        return Optional.empty();
    }

    public boolean has(String name) {
        return first(name).isPresent();
    }

    /** True when the named header lists {@code token} (comma separated, case-insensitive). */
    public boolean hasToken(String name, String token) {
        for (String[] f : fields) {
            if (f[0].equalsIgnoreCase(name)) {
                for (String part : f[1].split(",")) {
                    if (part.strip().equalsIgnoreCase(token)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    public List<String[]> fields() {
        return fields;
    }

    void writeTo(StringBuilder out) {
        for (String[] f : fields) {
            out.append(f[0]).append(": ").append(f[1]).append("\r\n");
        }
    }

    @Override
    public String toString() {
        var out = new StringBuilder();
        for (String[] f : fields) {
            out.append(f[0].toLowerCase(Locale.ROOT)).append('=').append(f[1]).append(' ');
        }
        return out.toString().strip();
    }
}
