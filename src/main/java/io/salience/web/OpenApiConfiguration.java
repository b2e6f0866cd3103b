package io.salience.web;

import io.salience.security.ApiKeyFilter;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
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

    /**
     * Marks exactly the operations that {@link ApiKeyFilter} guards, from the filter's own rule, so
     * Swagger UI sends the key with each of them and the documentation cannot drift from the filter.
     */
    @Bean
    OpenApiCustomizer apiKeyOnStateChangingOperations() {
        return openApi -> {
            if (openApi.getPaths() == null) {
                return;
            }
            openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
                // A template's variables stand for ids, as in the filter's patterns.
                if (ApiKeyFilter.changesState(method.name(), path.replaceAll("\\{[^}]+}", "1"))) {
                    operation.setSecurity(List.of(new SecurityRequirement().addList(API_KEY)));
                }
            }));
        };
    }
}
