# One image for every TransferLab role (gateway, worker, or both with an embedded broker), built from
# the same shaded jar as ./transferlab:
#   mvn -B -DskipTests package && docker build -t transferlab .
# The role and its settings come from the command and TRANSFERLAB_* variables (README "Environment
# variables"); JVM options go in JAVA_TOOL_OPTIONS, which the JVM reads by itself.
FROM eclipse-temurin:17-jre

# Native OpenBLAS for the engine's matrix products (without it netlib falls back to pure Java, several
# times slower). The runtime package provides libblas.so.3 only, hence the explicit path below.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libopenblas0-pthread \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin transferlab

COPY standalone/target/transferlab.jar /app/transferlab.jar

# OpenBLAS threads spin between calls and slow the Java threads that do the elementwise work: the
# engine parallelises in Java instead (./transferlab sets the same).
ENV OPENBLAS_NUM_THREADS=1
USER transferlab
WORKDIR /app
# the gateway's HTTP port (workers listen on nothing)
EXPOSE 8080
ENTRYPOINT ["java", "--add-modules", "jdk.incubator.vector", \
            "-Ddev.ludovic.netlib.blas.nativeLibPath=/usr/lib/x86_64-linux-gnu/libblas.so.3", \
            "-jar", "/app/transferlab.jar"]
CMD ["--help"]
