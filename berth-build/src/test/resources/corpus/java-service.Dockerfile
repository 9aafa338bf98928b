# A JVM service as build pipelines write it: build args before FROM, a cached dependency layer,
# a slim runtime with a health check, and an ONBUILD base for downstream images.
ARG JDK_IMAGE=eclipse-temurin:21-jdk
ARG JRE_IMAGE=eclipse-temurin:21-jre

FROM --platform=$BUILDPLATFORM ${JDK_IMAGE} AS build
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN ./mvnw -B dependency:go-offline \
    # comments inside a continuation are dropped
    && echo deps-ready

COPY src ./src
RUN ./mvnw -B package -DskipTests \
 && cp target/*.jar /app.jar

FROM ${JRE_IMAGE} AS runtime
LABEL org.opencontainers.image.title="orders" \
      org.opencontainers.image.description="Order service, \"v2\"" \
      maintainer=platform@example.com
ENV JAVA_OPTS "-XX:MaxRAMPercentage=75 -Dfile.encoding=UTF-8"
RUN groupadd --system app && useradd --system --gid app app
COPY --from=build --chown=app:app /app.jar /opt/app/app.jar
USER app:app
VOLUME /tmp
EXPOSE 8080 8443/tcp
HEALTHCHECK --interval=30s --timeout=3s --start-period=1m --retries=5 \
  CMD curl -fsS http://localhost:8080/actuator/health || exit 1
STOPSIGNAL SIGTERM
ENTRYPOINT ["java", "-Dgreeting=\"hi\"", "-jar", "/opt/app/app.jar"]
CMD ["--spring.profiles.active=prod"]

FROM runtime AS onbuild-base
HEALTHCHECK NONE
ONBUILD COPY config/ /opt/app/config/
ONBUILD RUN echo configured
