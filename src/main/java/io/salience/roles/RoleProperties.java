package io.salience.roles;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code salience.role}: {@code all}, {@code api} or {@code worker}. */
@ConfigurationProperties("salience")
public record RoleProperties(@DefaultValue("all") InstanceRole role) {}
