package io.salience.security;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    @Bean
    FilterRegistrationBean<ApiKeyFilter> apiKeyFilter(SecurityProperties properties, JsonMapper json,
            org.springframework.core.env.Environment environment) {
        FilterRegistrationBean<ApiKeyFilter> registration = new FilterRegistrationBean<>(
                new ApiKeyFilter(properties, json, trustsForwardedHeaders(environment)));
        registration.addUrlPatterns("/*"); // the API and the console alike; public paths are skipped
        registration.setOrder(0);
        return registration;
    }

    /**
     * Whether the server takes the client's address from forwarded headers: configured
     * ({@code server.forward-headers-strategy} native or framework), or by default on a cloud
     * platform that does (Kubernetes, Cloud Foundry...).
     */
    static boolean trustsForwardedHeaders(org.springframework.core.env.Environment environment) {
        String strategy = environment.getProperty("server.forward-headers-strategy");
        if (strategy != null) {
            return !strategy.trim().equalsIgnoreCase("none");
        }
        org.springframework.boot.cloud.CloudPlatform platform =
                org.springframework.boot.cloud.CloudPlatform.getActive(environment);
        return platform != null && platform.isUsingForwardHeaders();
    }
}
