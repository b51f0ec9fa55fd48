package dev.vigil.vm;

/**
 * What one {@link VmWriter#write} call sent.
 *
 * @param requests successful import requests
 * @param series   series sent (those with at least one finite point)
 * @param points   points sent (NaN and infinite values are skipped)
 * @param bytes    request body bytes on the wire (compressed when gzip is on)
 */
public record WriteResult(int requests, int series, long points, long bytes) {
}
