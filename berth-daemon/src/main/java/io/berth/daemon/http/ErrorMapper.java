package io.berth.daemon.http;

import io.berth.common.BerthException;
import io.berth.common.ConflictException;
import io.berth.common.ForbiddenException;
import io.berth.common.InternalException;
import io.berth.common.InvalidArgumentException;
import io.berth.common.NotFoundException;
import io.berth.common.NotImplementedException;
import io.berth.common.NotModifiedException;
import io.berth.common.UnauthorizedException;
import io.berth.common.UnavailableException;

/** The one place where an error kind becomes an HTTP status. */
public final class ErrorMapper {
    private ErrorMapper() {}

    public static int status(BerthException e) {
        return switch (e) {
            case NotFoundException _ -> 404;
            case InvalidArgumentException _ -> 400;
            case ConflictException _ -> 409;
            case NotModifiedException _ -> 304;
            case UnauthorizedException _ -> 401;
            case ForbiddenException _ -> 403;
            case UnavailableException _ -> 503;
            case NotImplementedException _ -> 501;
            case InternalException _ -> 500;
        };
    }
}
