package io.berth.cli.format;

/** A template that does not parse or fails while executing; the message is worded as Go's. */
public final class TemplateException extends RuntimeException {
    public TemplateException(String message) {
        super(message);
    }
}
