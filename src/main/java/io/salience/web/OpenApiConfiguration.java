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
     * Every API operation may answer a problem (RFC 9457): 4XX for the request (400 names each bad
     * field in {@code errors}), 5XX for the service (503 with Retry-After when busy).
     */
    @Bean
    OpenApiCustomizer problemResponses() {
        return openApi -> {
            if (openApi.getPaths() == null) {
                return;
            }
            var problem = new io.swagger.v3.oas.models.media.Content().addMediaType("application/problem+json",
                    new io.swagger.v3.oas.models.media.MediaType().schema(new io.swagger.v3.oas.models.media.ObjectSchema()
                            .addProperty("type", new io.swagger.v3.oas.models.media.StringSchema())
                            .addProperty("title", new io.swagger.v3.oas.models.media.StringSchema())
                            .addProperty("status", new io.swagger.v3.oas.models.media.IntegerSchema())
                            .addProperty("detail", new io.swagger.v3.oas.models.media.StringSchema())
                            .addProperty("instance", new io.swagger.v3.oas.models.media.StringSchema())
                            .addProperty("errors", new io.swagger.v3.oas.models.media.ArraySchema().items(
                                    new io.swagger.v3.oas.models.media.ObjectSchema()
                                            .addProperty("field", new io.swagger.v3.oas.models.media.StringSchema())
                                            .addProperty("message", new io.swagger.v3.oas.models.media.StringSchema())))));
            openApi.getPaths().forEach((path, item) -> {
                if (path.startsWith("/api/")) {
                    item.readOperations().forEach(operation -> operation.getResponses()
                            .addApiResponse("4XX", new io.swagger.v3.oas.models.responses.ApiResponse()
                                    .description("the request is wrong (400: errors names each field), unknown (404), "
                                            + "not allowed (401) or in conflict (409)").content(problem))
                            .addApiResponse("5XX", new io.swagger.v3.oas.models.responses.ApiResponse()
                                    .description("503 with Retry-After: busy or not ready yet; 500: a failure (see the log)")
                                    .content(problem)));
                }
            });
        };
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
