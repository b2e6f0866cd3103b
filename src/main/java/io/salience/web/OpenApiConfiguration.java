package io.salience.web;

import io.salience.security.ApiKeyFilter;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.info.Info;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class OpenApiConfiguration {

    /** The name of the API-key security scheme that state-changing operations reference. */
    public static final String API_KEY = "apiKey";

    @Bean
    OpenAPI salienceOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("Salience")
                        .version("0.1")
                        .description("Trains a layer-norm ResNet-18 image classifier and shows with Grad-CAM why it errs."))
                .components(new Components().addSecuritySchemes(API_KEY, new SecurityScheme()
                        .type(SecurityScheme.Type.APIKEY).in(SecurityScheme.In.HEADER).name(ApiKeyFilter.HEADER)
                        .description("salience.security.api-key: needed by every call that changes state (jobs, dataset prepare, faithfulness reports)")));
    }
}
