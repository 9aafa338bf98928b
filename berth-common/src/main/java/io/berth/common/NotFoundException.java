package io.berth.common;

/** A named object does not exist (HTTP 404). */
public final class NotFoundException extends BerthException {
    public NotFoundException(String message) {
        super(message, null);
    }

    public static NotFoundException container(String ref) {
        return new NotFoundException("No such container: " + ref);
    }

    public static NotFoundException image(String ref) {
        return new NotFoundException("No such image: " + ref);
    }

    /** What {@code DELETE /images/{name}} and {@code GET /images/{name}/json} answer (Docker's double wording). */
    public static NotFoundException imageReference(String ref) {
        return new NotFoundException("no such image: " + ref + ": No such image: " + ref);
    }
}
