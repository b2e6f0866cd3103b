package io.salience.postgres;

import io.salience.SalienceApplication;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts a whole Salience instance on a PostgreSQL schema, as a deployment would. */
final class PostgresApp {

    private PostgresApp() {}

    static ConfigurableApplicationContext start(Map<String, String> database, Path root, String instanceId,
            String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--spring.profiles.active=postgres",
                "--server.port=0",
                "--spring.jmx.enabled=false",
                "--salience.storage-dir=" + root.resolve("storage"),
                "--salience.datasets.cifar10.path=" + root.resolve("cifar10"),
                "--salience.training.instance-id=" + instanceId));
        database.forEach((k, v) -> args.add("--" + k + "=" + v));
        args.addAll(List.of(extra));
        return new SpringApplicationBuilder(SalienceApplication.class).run(args.toArray(String[]::new));
    }
}
