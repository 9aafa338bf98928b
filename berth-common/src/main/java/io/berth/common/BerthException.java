package io.berth.common;

/**
 * The closed family of errors Berth reports. Each kind maps to one Docker error kind (and one HTTP
 * status, chosen in exactly one place in the daemon); the message is part of the API.
 */
public sealed abstract class BerthException extends RuntimeException
        permits NotFoundException, InvalidArgumentException, ConflictException, NotModifiedException,
                UnauthorizedException, ForbiddenException, UnavailableException, NotImplementedException,
                InternalException {

    protected BerthException(String message, Throwable cause) {
        super(message, cause);
    }
}
