package io.berth.cli.format;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import io.berth.common.Json;
import java.io.IOException;

/**
 * JSON as docker's CLI prints it ({@code json.MarshalIndent} with four spaces): {@code "Key": value},
 * empty arrays and objects as {@code []} and {@code {}}.
 */
public final class IndentedJson {
    private IndentedJson() {}

    public static String of(Object value) {
        try {
            return Json.mapper().writer(new GoPrinter()).writeValueAsString(value);
        } catch (IOException e) {
            throw new TemplateException("cannot print JSON: " + e.getMessage());
        }
    }

    private static final class GoPrinter extends DefaultPrettyPrinter {
        GoPrinter() {
            super(DefaultPrettyPrinter.DEFAULT_ROOT_VALUE_SEPARATOR);
            var indenter = new DefaultIndenter("    ", "\n");
            _objectIndenter = indenter;
            _arrayIndenter = indenter;
            _separators = Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER);
            _objectFieldValueSeparatorWithSpaces = ": ";
        }

        @Override
        public DefaultPrettyPrinter createInstance() {
            return new GoPrinter();
        }

        @Override
        public void writeEndArray(JsonGenerator g, int nrOfValues) throws IOException {
            if (nrOfValues == 0) {
                _nesting--;
                g.writeRaw(']');
                return;
            }
            super.writeEndArray(g, nrOfValues);
        }

        @Override
        public void writeEndObject(JsonGenerator g, int nrOfEntries) throws IOException {
            if (nrOfEntries == 0) {
                _nesting--;
                g.writeRaw('}');
                return;
            }
            super.writeEndObject(g, nrOfEntries);
        }

        @Override
        public void beforeArrayValues(JsonGenerator g) throws IOException {
            _arrayIndenter.writeIndentation(g, _nesting);
        }

        @Override
        public void beforeObjectEntries(JsonGenerator g) throws IOException {
            _objectIndenter.writeIndentation(g, _nesting);
        }
    }
}
