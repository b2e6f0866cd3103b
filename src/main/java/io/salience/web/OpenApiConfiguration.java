package io.salience.web;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class OpenApiConfiguration {

    @Bean
    OpenAPI salienceOpenApi() {
        return new OpenAPI().info(new Info()
                .title("Salience")
                .version("0.1")
                .description("Trains a layer-norm ResNet-18 image classifier and shows with Grad-CAM why it errs."));
    }
}
