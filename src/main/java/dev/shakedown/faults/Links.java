package dev.shakedown.faults;

import dev.shakedown.ShakedownException;
import dev.shakedown.config.Cloud;
import dev.shakedown.config.ProxySettings;
import dev.shakedown.config.ShakedownConfig;
import dev.shakedown.config.Suggestions;
import dev.shakedown.proxy.FaultProxy;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The links of a run, each set up on its Toxiproxy: the cloud's external one when its config names
 * {@code toxiproxy.url}, else the embedded fault proxy, started for the run on a free loopback
 * port. Either way through the official client, so both paths are the same code.
 */
public final class Links implements AutoCloseable {
  private static final Duration EMBEDDED_TIMEOUT = Duration.ofSeconds(5);

  private final Map<String, Link> links = new LinkedHashMap<>();
  private FaultProxy embedded;

  public static Links open(ShakedownConfig config) {
    Links links = new Links();
    try {
      for (Cloud cloud : config.clouds().values()) {
        for (var entry : cloud.settings().proxies().entrySet()) {
          links.add(cloud, entry.getKey(), entry.getValue());
        }
      }
      return links;
    } catch (RuntimeException e) {
      links.close();
      throw e;
    }
  }

  private void add(Cloud cloud, String name, ProxySettings settings) {
    URI server;
    Duration timeout;
    if (cloud.settings().toxiproxy() != null) {
      // Toxiproxy's client speaks to host and port alone: credentials in the URL are never sent,
      // and so never written down (the ledger, messages) either.
      server = withoutCredentials(cloud.settings().toxiproxy().url());
      timeout = cloud.settings().toxiproxy().timeout();
    } else {
      if (embedded == null) {
        embedded = FaultProxy.start("127.0.0.1", 0);
      }
      server = embedded.url();
      timeout = EMBEDDED_TIMEOUT;
    }
    Link link =
        new Link(
            cloud.name() + "/" + name,
            server,
            cloud.name() + "." + name,
            settings.listen(),
            settings.upstream(),
            timeout,
            cloud.settings().toxiproxy() == null);
    ToxiproxyCalls.call(
        server,
        timeout,
        "setting up proxy " + link.proxy() + " for " + link.name(),
        () -> {
          ToxiproxyClient client = new ToxiproxyClient(server.getHost(), server.getPort());
          Proxy existing = client.getProxyOrNull(link.proxy());
          if (existing == null) {
            return client.createProxy(link.proxy(), link.listen(), link.upstream());
          }
          // A proxy of an earlier run, on a Toxiproxy that outlived it: make it what the config
          // says.
          if (!existing.getListen().equals(link.listen())) {
            existing.setListen(link.listen());
          }
          if (!existing.getUpstream().equals(link.upstream())) {
            existing.setUpstream(link.upstream());
          }
          if (!existing.isEnabled()) {
            existing.enable();
          }
          return existing;
        });
    links.put(link.name(), link);
  }

  public Link link(String name) {
    Link link = links.get(name);
    if (link == null) {
      String hint =
          links.isEmpty()
              ? "the config names no links; add one under a cloud's 'proxies:'"
              : Suggestions.closest(name, links.keySet())
                      .map(s -> "did you mean '" + s + "'? ")
                      .orElse("")
                  + "known links: "
                  + String.join(", ", links.keySet());
      throw new ShakedownException("no link named '" + name + "'; " + hint);
    }
    return link;
  }

  public Optional<URI> embeddedServer() {
    return Optional.ofNullable(embedded).map(FaultProxy::url);
  }

  @Override
  public void close() {
    if (embedded != null) {
      embedded.close();
    }
  }

  /** The Toxiproxy URL as it is used and recorded: without user info, which is never sent. */
  public static URI withoutCredentials(URI url) {
    if (url.getRawUserInfo() == null) {
      return url;
    }
    try {
      return new URI(
          url.getScheme(), null, url.getHost(), url.getPort(), url.getPath(), null, null);
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
