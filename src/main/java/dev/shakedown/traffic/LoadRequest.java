package dev.shakedown.traffic;

import java.net.URI;
import java.util.Map;

/** One request of a load: what to send. */
public record LoadRequest(String method, URI uri, Map<String, String> headers, String body) {}
