package io.berth.common.http;

import java.io.IOException;

/** The peer broke HTTP/1.1 framing. */
public final class HttpProtocolException extends IOException {
    public HttpProtocolException(String message) {
        super(message);
    }
}
