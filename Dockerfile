# syntax=docker/dockerfile:1
# Salience: multi-stage build. CPU image (default target "cpu"):
#   docker build -t salience .
# GPU image (CUDA 12.8 libtorch, NVIDIA hosts):
#   docker build --target gpu -t salience:gpu .

# ---- build: compile and package with Maven ----
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline -DexcludeGroupIds=com.marcnuri.helm-java || true
COPY src src
RUN mvn -B -q package -DskipTests && cp target/salience-*.jar /app.jar

# ---- cpu: slim JRE runtime, non-root, engine unpacked at build time ----
FROM eclipse-temurin:17-jre AS cpu
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && groupadd --system salience && useradd --system --gid salience --home /opt/salience salience \
    && mkdir -p /data /opt/salience/engine-cache && chown -R salience:salience /data /opt/salience
COPY --from=build --chown=salience:salience /app.jar /opt/salience/app.jar
USER salience
WORKDIR /opt/salience
# DJL never phones home, and the native library is unpacked now, so the container starts offline.
ENV DJL_OFFLINE=true \
    OPT_OUT_TRACKING=true \
    ENGINE_CACHE_DIR=/opt/salience/engine-cache \
    SALIENCE_STORAGE_DIR=/data \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=60"
RUN java -Dloader.main=io.salience.engine.EngineWarmup -cp app.jar \
        org.springframework.boot.loader.launch.PropertiesLauncher /opt/salience/engine-cache
VOLUME /data
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=90s --retries=3 \
    CMD curl -fsS http://localhost:8080/actuator/health/readiness || exit 1
ENTRYPOINT ["java", "-jar", "/opt/salience/app.jar"]

# ---- gpu: CUDA runtime with the CUDA 12.8 build of libtorch 2.7.1 ----
FROM nvidia/cuda:12.8.1-cudnn-runtime-ubuntu24.04 AS gpu
ARG LIBTORCH_URL=https://download.pytorch.org/libtorch/cu128/libtorch-cxx11-abi-shared-with-deps-2.7.1%2Bcu128.zip
RUN apt-get update && apt-get install -y --no-install-recommends openjdk-17-jre-headless curl unzip \
    && curl -fsSL -o /tmp/libtorch.zip "$LIBTORCH_URL" && unzip -q /tmp/libtorch.zip -d /opt && rm /tmp/libtorch.zip \
    && apt-get purge -y unzip && rm -rf /var/lib/apt/lists/* \
    && groupadd --system salience && useradd --system --gid salience --home /opt/salience salience \
    && mkdir -p /data /opt/salience/engine-cache && chown -R salience:salience /data /opt/salience
COPY --from=build --chown=salience:salience /app.jar /opt/salience/app.jar
USER salience
WORKDIR /opt/salience
# PYTORCH_LIBRARY_PATH wins over the bundled CPU library; DJL's JNI jar carries the cu128 binding.
ENV DJL_OFFLINE=true \
    OPT_OUT_TRACKING=true \
    ENGINE_CACHE_DIR=/opt/salience/engine-cache \
    PYTORCH_LIBRARY_PATH=/opt/libtorch/lib \
    PYTORCH_VERSION=2.7.1 \
    PYTORCH_FLAVOR=cu128 \
    SALIENCE_STORAGE_DIR=/data \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=60"
VOLUME /data
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
    CMD curl -fsS http://localhost:8080/actuator/health/readiness || exit 1
ENTRYPOINT ["java", "-jar", "/opt/salience/app.jar"]

# The default target is the CPU image.
FROM cpu
