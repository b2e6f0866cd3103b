package io.salience;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Entry point: a REST service that trains a layer-norm ResNet-18 and explains its mistakes. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SalienceApplication {

    public static void main(String[] args) {
        SpringApplication.run(SalienceApplication.class, args);
    }
}
