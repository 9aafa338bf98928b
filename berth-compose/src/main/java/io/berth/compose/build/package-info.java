/** Building a service's image through {@code POST /build}: the context tar, {@code .dockerignore}, the query. */
package io.berth.compose.build;
