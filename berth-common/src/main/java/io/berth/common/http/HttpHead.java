package io.berth.common.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The first line and header block of a request or a response. Parsing is strict enough to reject
 * garbage and lenient where real clients are sloppy (bare LF line ends).
 */
public record HttpHead(String startLine, Headers headers) {
    private static final int MAX_LINE = 64 * 1024;
    private static final int MAX_FIELDS = 200;

    /** Reads a head; returns null on a clean end of stream before the first byte. */
    public static HttpHead read(InputStream in) throws IOException {
        String start = readLine(in, true);
        if (start == null) {
            return null;
        }
        while (start.isEmpty()) { // tolerate a stray CRLF between requests
            start = readLine(in, true);
            if (start == null) {
                return null;
            }
        }
        var headers = new Headers();
        for (int i = 0; ; i++) {
            String line = readLine(in, false);
            if (line.isEmpty()) {
                break;
            }
            if (i >= MAX_FIELDS) {
                throw new HttpProtocolException("too many header fields");
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new HttpProtocolException("malformed header field");
            }
            headers.add(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
        }
        return new HttpHead(start, headers);
    }

    public void write(OutputStream out) throws IOException {
        var text = new StringBuilder(256);
        text.append(startLine).append("\r\n");
        headers.writeTo(text);
        text.append("\r\n");
        out.write(text.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    static String readLine(InputStream in, boolean eofOk) throws IOException {
        var line = new StringBuilder(64);
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (eofOk && line.isEmpty()) {
                    return null;
                }
                throw new EOFException("connection closed in the middle of a header");
            }
            if (b == '\n') {
                int len = line.length();
                if (len > 0 && line.charAt(len - 1) == '\r') {
                    line.setLength(len - 1);
                }
                return line.toString();
            }
            if (line.length() >= MAX_LINE) {
                throw new HttpProtocolException("header line too long");
            }
            line.append((char) b);
        }
    }
}
