package io.berth.cli.format;

import java.util.List;

/**
 * A method offered to templates as a map value, like docker's context methods: for
 * {@code {{.Label "com.example.key"}}} the map holds a {@code TemplateMethod} under {@code "Label"},
 * called with the arguments that follow the field (none when none follow). Arguments arrive as
 * plain values ({@code String}, {@code Long}, {@code Double}, {@code Boolean}, lists, maps or null);
 * a thrown exception becomes Go's {@code error calling Label: ...}.
 */
@FunctionalInterface
public interface TemplateMethod {
    Object call(List<Object> args);
}
