package io.salience.serving;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of prediction and explanation serving ({@code salience.serving.*}).
 *
 * @param cacheSize loaded checkpoints kept in memory (least recently used ones are dropped)
 * @param maxImageSide uploads whose header declares a larger width or height are refused before
 *     their pixels are decoded
 */
@ConfigurationProperties("salience.serving")
public record ServingProperties(@DefaultValue("4") int cacheSize, @DefaultValue("8192") int maxImageSide) {}
