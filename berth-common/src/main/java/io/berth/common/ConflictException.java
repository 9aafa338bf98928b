package io.berth.common;

/** The request conflicts with the current state of an object (HTTP 409). */
public final class ConflictException extends BerthException {
    public ConflictException(String message) {
        super(message, null);
    }

    public static ConflictException containerName(String name, String holderId) {
        return new ConflictException("Conflict. The container name \"/" + name + "\" is already in use by container \""
                + holderId + "\". You have to remove (or rename) that container to be able to reuse that name.");
    }
}
