/**
 * The presets vmanomaly ships ({@code preset: default}, {@code node-exporter}, {@code ui}) and their
 * downstream assets (a Grafana dashboard and vmalert rule files), as classpath resources read through
 * {@link dev.vigil.config.presets.Presets}. The preset configurations are merged under the user's file
 * by {@code dev.vigil.config}; this package only knows names and texts, so it depends on nothing.
 */
package dev.vigil.config.presets;
