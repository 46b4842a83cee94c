# One image for every TransferLab role (gateway, worker, or both with an embedded broker), built
# from the sources: docker build -t transferlab .   (or docker compose build)
# The role and its settings come from the command and the TRANSFERLAB_* variables listed in
# docs/operations.md; JVM options go in JAVA_TOOL_OPTIONS, which the JVM reads by itself.

# Build stage: the same shaded jar as ./transferlab builds, tests skipped (CI runs them).
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests -pl standalone -am package

# Run stage: a JRE, native OpenBLAS (without it netlib falls back to pure Java, several times slower
# on the simulations) and curl for the gateway's health check.
FROM eclipse-temurin:17-jre
RUN apt-get update \
 && apt-get install -y --no-install-recommends libopenblas0-pthread curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin transferlab
WORKDIR /app
COPY --from=build /src/standalone/target/transferlab.jar /app/transferlab.jar
# The launcher finds this architecture's libblas.so.3 and liblapack.so.3 through the linker cache,
# sets OPENBLAS_NUM_THREADS=1 (the engine parallelises in Java) and runs the jar given here.
COPY transferlab /app/transferlab
COPY docker/healthcheck /app/healthcheck
ENV TRANSFERLAB_JAR=/app/transferlab.jar
USER transferlab
# the gateway's HTTP port (workers listen on nothing)
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=10s --start-period=60s --retries=3 CMD ["/app/healthcheck"]
ENTRYPOINT ["/app/transferlab"]
CMD ["--help"]
